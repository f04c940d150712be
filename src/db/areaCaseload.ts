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
type IncidentRow = Pick<Incident, 'caseId' | 'occurredAt' | 'categories' | 'description'> & Pick<Case, 'teamId' | 'area'> & { reportedBy?: { personId?: string } };
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
  /**
   * Cases nominated for the agenda, read with the others so `summaries` has them without another read (may be
   * a promise, so the nominations are read alongside the caseload).
   */
  nominatedCaseIds?: readonly string[] | Promise<readonly string[]>;
  /** The team's own Case Review thresholds (its settings), for section 5; the constructor's otherwise. */
  thresholds?: CaseReviewThresholds;
}

/** The cases an agenda may list, read once: their summaries, which are open, and each victim's reports from a date. */
interface ListedCases {
  summaries: Map<string, AgendaCaseSummary>;
  open: Set<string>;
  reportsByVictim(from: Date): Map<string, Map<string, Date[]>>;
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
    private readonly db: Db,
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
    // The cases opened in the area since the last meeting, counted on an equality prefix and a range.
    await this.cases.createIndex({ teamId: 1, area: 1, createdAt: 1 });
    // The area's incidents in a date window: made with the incidents' own (src/db/incidents.ts), as either may run first.
    await this.incidents.createIndex({ teamId: 1, area: 1, occurredAt: 1 });
    await this.assessments.createIndex({ finalLevel: 1, assessedAt: 1 });
  }

  /**
   * Reads the area's incidents since the last meeting as categories only, and for the Case Review only the cases
   * where the database counted enough reports by one victim: both on the incidents' own team and area, with the
   * other sections' reads, all at once. Then, in one more round of reads, the cases the agenda may list (those in
   * the area; their status decides which) and their incidents, which give both the exact Case Review count and the
   * latest incident's text, and which of the warnings served are on the area's cases. (An area can hold thousands of
   * open cases and tens of thousands of incidents; the agenda lists a few dozen cases.)
   */
  async forAgenda(query: AreaCaseloadQuery): Promise<AreaCaseloadResult> {
    const sinceInstant = query.since ? londonInstant(query.since, '23:59') : undefined;
    const thresholds = query.thresholds ?? this.thresholds;
    const windowStart = caseReviewWindowStart(query.now, thresholds.windowMonths);
    const today = londonDate(query.now);
    const inAreaFilter = { teamId: query.tenantId, area: { $in: [...query.areas] } };
    const [newCases, categorised, counted, highRisk, served, ending, nominated] = await Promise.all([
      // The count command, as the figures count (src/db/figures.ts): countDocuments is a $group over copies on the embedded server.
      this.db.command({ count: 'cases', query: { ...inAreaFilter, ...(sinceInstant ? { createdAt: { $gt: sinceInstant } } : {}) } }).then((r) => Number(r.n)),
      // Incidents by category since the last meeting (for a first meeting: within the Case Review window).
      this.incidents.find({ ...inAreaFilter, occurredAt: sinceInstant ? { $gt: sinceInstant } : { $gte: windowStart } }, { projection: { _id: 0, categories: 1 } }).toArray(),
      // Case Review: the database counts each victim's reports in the window, so only the few cases where a
      // victim has enough come back; their reports are then counted exactly as the case card counts them.
      this.incidents
        .aggregate<{ _id: { caseId: string; victimId?: string | null } }>([
          { $match: { ...inAreaFilter, occurredAt: { $gte: windowStart } } },
          { $project: { _id: 0, caseId: 1, 'reportedBy.personId': 1 } },
          { $group: { _id: { caseId: '$caseId', victimId: '$reportedBy.personId' }, reports: { $sum: 1 } } },
          { $match: { reports: { $gte: thresholds.thresholdAt } } },
        ])
        .toArray(),
      this.assessments.find({ finalLevel: 'high', ...(sinceInstant ? { assessedAt: { $gt: sinceInstant } } : {}) }, { projection: { _id: 0, caseId: 1, assessedAt: 1 } }).toArray(),
      // Warnings served since the last meeting (for a first meeting: within the Case Review window, like the incidents).
      this.interventions.servedFrom(query.tenantId, query.since ? addDays(query.since, 1) : londonDate(windowStart)),
      this.interventions.monitoringEndingBetween(query.tenantId, today, query.monitoringEndsBefore),
      query.nominatedCaseIds ?? [],
    ]);
    const incidentsByCategory: Record<string, number> = {};
    for (const incident of categorised) {
      for (const category of incident.categories) {
        const label = categoryLabel(category as AsbCategory);
        incidentsByCategory[label] = (incidentsByCategory[label] ?? 0) + 1;
      }
    }

    const candidates = new Set(counted.filter((c) => c._id.victimId).map((c) => c._id.caseId));
    const names = new Map<string, string>();
    // Only the area's cases come back: the assessments and warnings read above are the whole team's (or all teams').
    const [listed, servedInArea] = await Promise.all([
      this.read([...candidates, ...highRisk.map((a) => a.caseId), ...ending.map((w) => w.caseId), ...nominated], inAreaFilter, query.now, names),
      served.length > 0 ? (this.cases.distinct('_id', { _id: { $in: [...new Set(served.map((w) => w.caseId))] }, ...inAreaFilter }) as Promise<string[]>) : ([] as string[]),
    ]).then(([read, ids]) => [read, new Set(ids)] as const);
    const endingInArea = ending.filter((w) => listed.summaries.has(w.caseId));
    const isOpen = (id: string) => listed.open.has(id);

    const threshold = new Map<string, number>();
    for (const [caseId, byVictim] of listed.reportsByVictim(windowStart)) {
      if (!candidates.has(caseId) || !isOpen(caseId)) continue;
      const top = Math.max(...[...byVictim.values()].map((dates) => caseReviewStatus(dates, query.now, thresholds).count));
      if (top >= thresholds.thresholdAt) threshold.set(caseId, top);
    }
    const latestHigh = new Map<string, Date>();
    for (const a of highRisk) {
      if (!isOpen(a.caseId)) continue;
      const seen = latestHigh.get(a.caseId);
      if (!seen || a.assessedAt > seen) latestHigh.set(a.caseId, a.assessedAt);
    }

    const summaries = listed.summaries;
    return {
      newHighRiskCases: [...latestHigh].flatMap(([id, at]) => (summaries.has(id) ? [{ case: summaries.get(id)!, assessedOn: londonDate(at) }] : [])),
      caseReviewThresholdCases: [...threshold].flatMap(([id, count]) =>
        summaries.has(id) ? [{ case: summaries.get(id)!, detail: `${count} reports in ${thresholds.windowMonths} months` }] : [],
      ),
      areaFigures: {
        newCases,
        incidentsByCategory,
        warningsByStage: warningsByStage(served.filter((w) => servedInArea.has(w.caseId))),
      },
      monitoringEndingBeforeNextMeeting: monitoringEndings(endingInArea, { from: today, before: query.monitoringEndsBefore }, summaries, (caseId, personId) => names.get(`${caseId}/${personId}`)),
      summaries: async (caseIds) => {
        const missing = caseIds.filter((id) => !summaries.has(id));
        const more = missing.length > 0 ? (await this.read(missing, inAreaFilter, query.now)).summaries : new Map<string, AgendaCaseSummary>();
        return new Map(caseIds.flatMap((id) => {
          const summary = summaries.get(id) ?? more.get(id);
          return summary ? [[id, summary] as const] : [];
        }));
      },
    };
  }

  /**
   * The cases as the meeting may know them (no address), with their latest incident as the short summary, which
   * of them are open, and their reports by victim: one read of the cases and one of their incidents, together.
   * Only cases in the scope (the team's areas) are read.
   */
  private async read(caseIds: readonly string[], scope: { teamId: string; area: { $in: string[] } }, now: Date, names?: Map<string, string>): Promise<ListedCases> {
    const ids = [...new Set(caseIds)];
    const summaries = new Map<string, AgendaCaseSummary>();
    const open = new Set<string>();
    if (ids.length === 0) return { summaries, open, reportsByVictim: () => new Map() };
    const [rows, incidents] = await Promise.all([
      this.cases.find({ _id: { $in: ids }, ...scope }, { projection: caseProjection }).toArray(),
      this.incidents.find({ caseId: { $in: ids }, ...scope }, { projection: { _id: 0, caseId: 1, occurredAt: 1, description: 1, 'reportedBy.personId': 1 } }).toArray(),
    ]);
    const latest = new Map<string, { at: Date; text: string }>();
    for (const t of incidents) {
      const seen = latest.get(t.caseId);
      if (!seen || t.occurredAt > seen.at) latest.set(t.caseId, { at: t.occurredAt, text: t.description });
    }
    for (const row of rows) {
      if (row.status !== 'closed') open.add(row._id);
      for (const person of [...row.victims, ...row.perpetrators]) names?.set(`${row._id}/${person.id}`, person.name);
      summaries.set(row._id, {
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
    const reportsByVictim = (from: Date) => {
      const byCase = new Map<string, Map<string, Date[]>>();
      for (const incident of incidents) {
        const victimId = incident.reportedBy?.personId;
        if (!victimId || incident.occurredAt < from) continue;
        const byVictim = byCase.get(incident.caseId) ?? new Map<string, Date[]>();
        byCase.set(incident.caseId, byVictim);
        const dates = byVictim.get(victimId);
        if (dates) dates.push(incident.occurredAt);
        else byVictim.set(victimId, [incident.occurredAt]);
      }
      return byCase;
    };
    return { summaries, open, reportsByVictim };
  }
}
