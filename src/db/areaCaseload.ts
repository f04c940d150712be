/**
 * What a target group agenda needs from the caseload of its areas, read in a few indexed queries rather than
 * one per case (an area can have thousands of open cases): the open cases, new high-risk assessments, the
 * cases at a Case Review threshold, the warnings whose monitoring ends soon, and the area figures since the last
 * meeting.
 */
import type { Collection, Db } from 'mongodb';
import { areaName, type Area } from '../domain/cases/areas.js';
import type { Case } from '../domain/cases/case.js';
import { categoryLabel, type AsbCategory } from '../domain/cases/categories.js';
import { caseReviewStatus, caseReviewWindowStart, type CaseReviewThresholds } from '../domain/cases/caseReview.js';
import type { Incident } from '../domain/cases/incident.js';
import { under18Status } from '../domain/cases/people.js';
import { addDays, londonDate, londonInstant, type LocalDate } from '../domain/calendar/localDate.js';
import type { AgendaCaseSummary, AreaFigures, CaseReviewThresholdCase, HighRiskCase, MonitoringEnding } from '../domain/meetings/index.js';
import { shortSummary } from '../domain/meetings/privacy.js';
import { monitoringEndings, warningsByStage } from '../domain/meetings/warnings.js';
import type { InterventionRepository } from './interventions.js';

type CaseRow = Pick<Case, 'reference' | 'status' | 'area' | 'riskLevel' | 'victims' | 'perpetrators' | 'createdAt'> & { _id: string };
type IncidentRow = Pick<Incident, 'caseId' | 'occurredAt' | 'categories' | 'description'> & { reportedBy: { personId?: string } };
const caseProjection = { reference: 1, status: 1, area: 1, riskLevel: 1, victims: 1, perpetrators: 1, createdAt: 1 } as const;

export interface AreaCaseloadQuery {
  tenantId: string;
  /** Area ids (as on cases). */
  areas: readonly string[];
  /** The last meeting's date; null for a group's first meeting. */
  since: string | null;
  now: Date;
  /** The meeting after the one being prepared: section 6 lists monitoring ending from today until then. */
  monitoringEndsBefore: LocalDate;
  /** The team's own Case Review thresholds (its settings), for section 5; the constructor's otherwise. */
  thresholds?: CaseReviewThresholds;
}

export interface AreaCaseloadResult {
  newHighRiskCases: HighRiskCase[];
  caseReviewThresholdCases: CaseReviewThresholdCase[];
  areaFigures: AreaFigures;
  monitoringEndingBeforeNextMeeting: MonitoringEnding[];
  /** Summaries of the area's cases by id, for nominations and carried actions. */
  summaries(caseIds: readonly string[]): Promise<Map<string, AgendaCaseSummary>>;
}

export class AreaCaseload {
  private readonly cases: Collection<CaseRow>;
  private readonly incidents: Collection<IncidentRow>;
  private readonly assessments: Collection<{ caseId: string; assessedAt: Date; finalLevel: string }>;

  constructor(
    db: Db,
    private readonly areaList: readonly Area[],
    private readonly thresholds: CaseReviewThresholds,
    private readonly interventions: Pick<InterventionRepository, 'servedFrom' | 'monitoringEndingBetween'>,
  ) {
    this.cases = db.collection<CaseRow>('cases');
    this.incidents = db.collection<IncidentRow>('incidents');
    this.assessments = db.collection<{ caseId: string; assessedAt: Date; finalLevel: string }>('riskAssessments');
  }

  async ensureIndexes(): Promise<void> {
    await this.cases.createIndex({ teamId: 1, area: 1, status: 1 });
    await this.incidents.createIndex({ occurredAt: 1 });
    await this.assessments.createIndex({ finalLevel: 1, assessedAt: 1 });
  }

  /**
   * Reads the area's case ids only, the incidents since the last meeting as case and
   * categories only, and for the Case Review only the cases where the database counted enough reports by one
   * victim; the full case and its latest incident text are read just for the cases the agenda lists. (An area
   * can hold thousands of open cases and tens of thousands of incidents; the agenda lists a few dozen cases.)
   */
  async forAgenda(query: AreaCaseloadQuery): Promise<AreaCaseloadResult> {
    const sinceInstant = query.since ? londonInstant(query.since, '23:59') : undefined;
    const thresholds = query.thresholds ?? this.thresholds;
    const windowStart = caseReviewWindowStart(query.now, thresholds.windowMonths);
    // The area's case ids (closed ones too: their incidents and warnings count in the figures) and the number
    // opened since the last meeting; whether a case is open is asked only for the few the agenda may list.
    const inAreaFilter = { teamId: query.tenantId, area: { $in: [...query.areas] } };
    const areaCaseIds = (await this.cases.distinct('_id', inAreaFilter)) as string[];
    const newCases = await this.cases.countDocuments({ ...inAreaFilter, ...(sinceInstant ? { createdAt: { $gt: sinceInstant } } : {}) });
    const inArea = new Set(areaCaseIds);

    // Incidents by category since the last meeting (for a first meeting: within the Case Review window).
    const categorised = await this.incidents
      .find({ occurredAt: sinceInstant ? { $gt: sinceInstant } : { $gte: windowStart } }, { projection: { _id: 0, caseId: 1, categories: 1 } })
      .toArray();
    const incidentsByCategory: Record<string, number> = {};
    for (const incident of categorised) {
      if (!inArea.has(incident.caseId)) continue;
      for (const category of incident.categories) {
        const label = categoryLabel(category as AsbCategory);
        incidentsByCategory[label] = (incidentsByCategory[label] ?? 0) + 1;
      }
    }

    // Case Review: the database counts each victim's reports in the window, so only the few cases where a victim
    // has enough come back; their reports are then read and counted exactly as the case card counts them.
    const counted = await this.incidents
      .aggregate<{ _id: { caseId: string; victimId?: string | null } }>([
        { $match: { occurredAt: { $gte: windowStart } } },
        { $group: { _id: { caseId: '$caseId', victimId: '$reportedBy.personId' }, reports: { $sum: 1 } } },
        { $match: { reports: { $gte: thresholds.thresholdAt } } },
      ])
      .toArray();
    const highRisk = await this.assessments
      .find({ finalLevel: 'high', ...(sinceInstant ? { assessedAt: { $gt: sinceInstant } } : {}) }, { projection: { _id: 0, caseId: 1, assessedAt: 1 } })
      .toArray();
    const open = await this.openAmong([...counted.filter((c) => c._id.victimId).map((c) => c._id.caseId), ...highRisk.map((a) => a.caseId)].filter((id) => inArea.has(id)));
    const isOpen = (id: string) => open.has(id);
    const candidates = [...new Set(counted.filter((c) => c._id.victimId && isOpen(c._id.caseId)).map((c) => c._id.caseId))];
    const incidents = candidates.length === 0
      ? []
      : await this.incidents
        .find({ caseId: { $in: candidates }, occurredAt: { $gte: windowStart } }, { projection: { _id: 0, caseId: 1, occurredAt: 1, 'reportedBy.personId': 1 } })
        .toArray();
    const reportDates = new Map<string, Map<string, Date[]>>();
    for (const incident of incidents) {
      const victimId = incident.reportedBy?.personId;
      if (!victimId) continue;
      const byVictim = reportDates.get(incident.caseId) ?? new Map<string, Date[]>();
      reportDates.set(incident.caseId, byVictim);
      byVictim.set(victimId, [...(byVictim.get(victimId) ?? []), incident.occurredAt]);
    }

    // Warnings served since the last meeting (for a first meeting: within the Case Review window, like the incidents).
    const today = londonDate(query.now);
    const [served, ending] = await Promise.all([
      this.interventions.servedFrom(query.tenantId, query.since ? addDays(query.since, 1) : londonDate(windowStart)),
      this.interventions.monitoringEndingBetween(query.tenantId, today, query.monitoringEndsBefore),
    ]);

    const threshold = new Map<string, number>();
    for (const [caseId, byVictim] of reportDates) {
      const top = Math.max(...[...byVictim.values()].map((dates) => caseReviewStatus(dates, query.now, thresholds).count));
      if (top >= thresholds.thresholdAt) threshold.set(caseId, top);
    }
    const latestHigh = new Map<string, Date>();
    for (const a of highRisk) {
      if (!isOpen(a.caseId)) continue;
      const seen = latestHigh.get(a.caseId);
      if (!seen || a.assessedAt > seen) latestHigh.set(a.caseId, a.assessedAt);
    }

    const summaries = (caseIds: readonly string[]) => this.summaries(caseIds.filter((id) => inArea.has(id)), query.now);
    const names = new Map<string, string>();
    const endingInArea = ending.filter((w) => inArea.has(w.caseId));
    const listed = await this.summaries([...latestHigh.keys(), ...threshold.keys(), ...endingInArea.map((w) => w.caseId)], query.now, names);
    return {
      newHighRiskCases: [...latestHigh].flatMap(([id, at]) => (listed.has(id) ? [{ case: listed.get(id)!, assessedOn: londonDate(at) }] : [])),
      caseReviewThresholdCases: [...threshold].flatMap(([id, count]) =>
        listed.has(id) ? [{ case: listed.get(id)!, detail: `${count} reports in ${thresholds.windowMonths} months` }] : [],
      ),
      areaFigures: {
        newCases,
        incidentsByCategory,
        warningsByStage: warningsByStage(served.filter((w) => inArea.has(w.caseId))),
      },
      monitoringEndingBeforeNextMeeting: monitoringEndings(endingInArea, { from: today, before: query.monitoringEndsBefore }, listed, (caseId, personId) => names.get(`${caseId}/${personId}`)),
      summaries,
    };
  }

  /** Which of these cases are open (not closed). */
  private async openAmong(caseIds: readonly string[]): Promise<Set<string>> {
    const ids = [...new Set(caseIds)];
    if (ids.length === 0) return new Set();
    const rows = await this.cases.find({ _id: { $in: ids } }, { projection: { status: 1 } }).toArray();
    return new Set(rows.filter((r) => r.status !== 'closed').map((r) => r._id));
  }

  /** What the meeting may know about each case (no address), with its latest incident as the short summary. */
  private async summaries(caseIds: readonly string[], now: Date, names?: Map<string, string>): Promise<Map<string, AgendaCaseSummary>> {
    const ids = [...new Set(caseIds)];
    const out = new Map<string, AgendaCaseSummary>();
    if (ids.length === 0) return out;
    const rows = await this.cases.find({ _id: { $in: ids } }, { projection: caseProjection }).toArray();
    const latest = new Map<string, { at: Date; text: string }>();
    const texts = await this.incidents.find({ caseId: { $in: ids } }, { projection: { _id: 0, caseId: 1, occurredAt: 1, description: 1 } }).toArray();
    for (const t of texts) {
      const seen = latest.get(t.caseId);
      if (!seen || t.occurredAt > seen.at) latest.set(t.caseId, { at: t.occurredAt, text: t.description });
    }
    for (const row of rows) {
      for (const person of [...row.victims, ...row.perpetrators]) names?.set(`${row._id}/${person.id}`, person.name);
      out.set(row._id, {
        caseId: row._id,
        reference: row.reference,
        area: areaName(this.areaList, row.area),
        riskLevel: row.riskLevel ?? 'standard',
        summary: shortSummary(latest.get(row._id)?.text ?? ''),
        people: [
          ...row.victims.map((v) => ({ role: 'victim' as const, name: v.name, under18: v.under18 })),
          ...row.perpetrators.map((p) => ({ role: 'perpetrator' as const, name: p.name, under18: under18Status(p, now) === 'yes' })),
        ],
      });
    }
    return out;
  }
}
