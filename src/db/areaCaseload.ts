/**
 * What a target group agenda needs from the caseload of its areas, read in a few indexed queries rather than
 * one per case (an area can have thousands of open cases): the open cases, new high-risk assessments, the
 * cases at a Case Review threshold, the warnings whose monitoring ends soon, and the area figures since the last
 * meeting.
 */
import type { Collection, Db, Document } from 'mongodb';
import { areaName, type Area } from '../domain/cases/areas.js';
import type { Case } from '../domain/cases/case.js';
import { categoryLabel, type AsbCategory } from '../domain/cases/categories.js';
import {
  caseReviewForCase, caseReviewWindowStart, complaintsFrom, earliestCountedIncident, personKeyOf, type CaseReviewThresholds, type Complaint, type ComplaintSource,
} from '../domain/cases/caseReview.js';
import { localRuleNote } from '../domain/caseReview/application.js';
import type { Incident } from '../domain/cases/incident.js';
import { under18Status } from '../domain/cases/people.js';
import { addDays, londonDate, londonInstant, type LocalDate } from '../domain/calendar/localDate.js';
import type { AgendaCaseSummary, AreaFigures, CaseReviewThresholdCase, HighRiskCase, MonitoringEnding } from '../domain/meetings/index.js';
import { shortSummary } from '../domain/meetings/privacy.js';
import { monitoringEndings, warningsByStage } from '../domain/meetings/warnings.js';
import { incidentsPerCategorySet } from './incidents.js';
import type { InterventionRepository } from './interventions.js';

type CaseRow = Pick<Case, 'reference' | 'status' | 'area' | 'riskLevel' | 'victims' | 'perpetrators' | 'createdAt'> & { _id: string };
type IncidentRow = Omit<ComplaintSource, 'id'> & Pick<Incident, 'description'> & Pick<Case, 'teamId' | 'area'> & { _id: string };
type Victims = Pick<Case, 'victims'>['victims'];
const complaintFields = { caseId: 1, occurredAt: 1, reportedAt: 1, categories: 1, reportedBy: 1 } as const;
const asSource = ({ _id, ...row }: Pick<IncidentRow, '_id' | keyof typeof complaintFields>): ComplaintSource => ({ id: _id, ...row });
const HATE_INCIDENT: AsbCategory = 'hate-incident';
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

/** The cases an agenda may list, read once: their summaries, which are open, their victims and their incidents. */
interface ListedCases {
  summaries: Map<string, AgendaCaseSummary>;
  open: Set<string>;
  victims: Map<string, Victims>;
  incidents: Map<string, ComplaintSource[]>;
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
    // The area's cases with a victim confirmed as the same person as on another case (their complaints count together).
    await this.cases.createIndex({ teamId: 1, area: 1, 'victims.personKey': 1 }, { name: 'personKeysByArea', partialFilterExpression: { 'victims.personKey': { $exists: true } } });
    // The area's incidents in a date window: made with the incidents' own (src/db/incidents.ts), as either may run first.
    await this.incidents.createIndex({ teamId: 1, area: 1, occurredAt: 1 });
    await this.assessments.createIndex({ finalLevel: 1, assessedAt: 1 });
  }

  /**
   * Reads the area's incidents since the last meeting as categories only, and for the Case Review only the cases
   * where the database found what could put a victim at the threshold (enough reports by one victim, or what a
   * local rule needs), and the cases whose victims' complaints elsewhere count too: all on the incidents' and
   * cases' own team and area, with the other sections' reads, at once. Then, in one more round of reads, the cases
   * the agenda may list (those in the area; their status decides which) and their incidents, and which warnings
   * served are on the area's cases; the Case Review is then decided as the case card decides it. (An area can hold
   * thousands of open cases and tens of thousands of incidents; the agenda lists a few dozen cases.)
   */
  async forAgenda(query: AreaCaseloadQuery): Promise<AreaCaseloadResult> {
    const sinceInstant = query.since ? londonInstant(query.since, '23:59') : undefined;
    const thresholds = query.thresholds ?? this.thresholds;
    const windowStart = caseReviewWindowStart(query.now, thresholds.windowMonths);
    const today = londonDate(query.now);
    const inAreaFilter = { teamId: query.tenantId, area: { $in: [...query.areas] } };
    const [newCases, categorised, counted, personKeyed, highRisk, served, ending, nominated] = await Promise.all([
      // The count command, as the figures count (src/db/figures.ts): countDocuments is a $group over copies on the embedded server.
      this.db.command({ count: 'cases', query: { ...inAreaFilter, ...(sinceInstant ? { createdAt: { $gt: sinceInstant } } : {}) } }).then((r) => Number(r.n)),
      // Incidents by category since the last meeting (for a first meeting: within the Case Review window).
      incidentsPerCategorySet(this.db, { ...inAreaFilter, occurredAt: sinceInstant ? { $gt: sinceInstant } : { $gte: windowStart } }),
      this.incidents.aggregate<{ _id: { caseId: string; victimId?: string | null } }>(this.caseReviewCandidates(inAreaFilter, query.now, thresholds)).toArray(),
      this.cases.find({ ...inAreaFilter, 'victims.personKey': { $exists: true } }, { projection: { _id: 1 } }).toArray(),
      this.assessments.find({ finalLevel: 'high', ...(sinceInstant ? { assessedAt: { $gt: sinceInstant } } : {}) }, { projection: { _id: 0, caseId: 1, assessedAt: 1 } }).toArray(),
      // Warnings served since the last meeting (for a first meeting: within the Case Review window, like the incidents).
      this.interventions.servedFrom(query.tenantId, query.since ? addDays(query.since, 1) : londonDate(windowStart)),
      this.interventions.monitoringEndingBetween(query.tenantId, today, query.monitoringEndsBefore),
      query.nominatedCaseIds ?? [],
    ]);
    const incidentsByCategory: Record<string, number> = {};
    for (const { categories, count } of categorised) {
      for (const category of categories) {
        const label = categoryLabel(category);
        incidentsByCategory[label] = (incidentsByCategory[label] ?? 0) + count;
      }
    }

    const candidates = new Set([...counted.flatMap((c) => (typeof c._id.victimId === 'string' ? [c._id.caseId] : [])), ...personKeyed.map((c) => c._id)]);
    const names = new Map<string, string>();
    // Only the area's cases come back: the assessments and warnings read above are the whole team's (or all teams').
    const [listed, servedInArea] = await Promise.all([
      this.read([...candidates, ...highRisk.map((a) => a.caseId), ...ending.map((w) => w.caseId), ...nominated], inAreaFilter, query.now, names),
      served.length > 0 ? (this.cases.distinct('_id', { _id: { $in: [...new Set(served.map((w) => w.caseId))] }, ...inAreaFilter }) as Promise<string[]>) : ([] as string[]),
    ]).then(([read, ids]) => [read, new Set(ids)] as const);
    const isOpen = (id: string) => listed.open.has(id);
    const endingInArea = ending.filter((w) => listed.summaries.has(w.caseId));

    const reviewed = [...candidates].filter(isOpen);
    const elsewhere = await this.complaintsElsewhere(reviewed.map((id) => ({ id, victims: listed.victims.get(id)! })), query.tenantId, query.now, thresholds);
    const threshold = new Map<string, string>();
    for (const id of reviewed) {
      const [top] = caseReviewForCase({ id, victims: listed.victims.get(id)! }, listed.incidents.get(id) ?? [], query.now, thresholds, elsewhere(id));
      if (top?.level === 'threshold') threshold.set(id, `${top.count} qualifying complaint${top.count === 1 ? '' : 's'} in ${thresholds.windowMonths} months${localRuleNote(top.rule)}`);
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
      caseReviewThresholdCases: [...threshold].flatMap(([id, detail]) => (summaries.has(id) ? [{ case: summaries.get(id)!, detail }] : [])),
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
   * The area's cases where what the database counts could put a victim at the Case Review threshold: the reports
   * of each victim that could still count, and (when the team's local rules are on) a hate incident among them or
   * the number of people reporting on the case. A superset of the cases at the threshold: each is then decided as
   * the case card decides it. Each comes back as a case and a victim (several times when several victims qualify).
   */
  private caseReviewCandidates(inArea: object, now: Date, thresholds: CaseReviewThresholds): Document[] {
    const hate = thresholds.hateIncidentMeetsThreshold;
    const individuals = thresholds.individualsAboutOneProblem;
    // Reports by no one on the case group under a missing victim: the caller drops that group. (Filtering them out
    // first is a per-document test the embedded server pays for on every incident of the window.)
    return [
      { $match: { ...inArea, occurredAt: { $gte: earliestCountedIncident(now, thresholds) } } },
      { $project: { _id: 0, caseId: 1, 'reportedBy.personId': 1, ...(hate ? { categories: 1 } : {}) } },
      { $group: { _id: { caseId: '$caseId', victimId: '$reportedBy.personId' }, reports: { $sum: 1 }, ...(hate ? { hate: { $max: { $in: [HATE_INCIDENT, '$categories'] } } } : {}) } },
      ...(hate || individuals
        ? [
          { $match: { '_id.victimId': { $type: 'string' } } },
          { $group: { _id: { caseId: '$_id.caseId', victimId: 'any' }, reports: { $max: '$reports' }, people: { $sum: 1 }, ...(hate ? { hate: { $max: '$hate' } } : {}) } },
        ]
        : []),
      { $match: { $or: [{ reports: { $gte: thresholds.thresholdAt } }, ...(hate ? [{ hate: true }] : []), ...(individuals ? [{ people: { $gte: individuals } }] : [])] } },
    ];
  }

  /**
   * For each case, the complaints on the team's other cases by people who are its victims too (confirmed as the
   * same person), as the case card reads them (src/services/caseFile.ts): one read of those cases, one of their
   * incidents, only when a case has such a victim.
   */
  private async complaintsElsewhere(cases: ReadonlyArray<Pick<Case, 'id' | 'victims'>>, teamId: string, now: Date, thresholds: CaseReviewThresholds): Promise<(caseId: string) => Complaint[]> {
    const keysOf = (victims: Victims) => new Set(victims.flatMap((v) => (v.personKey ? [v.personKey] : [])));
    const keys = [...new Set(cases.flatMap((c) => [...keysOf(c.victims)]))];
    if (keys.length === 0) return () => [];
    const others = await this.cases.find({ 'victims.personKey': { $in: keys }, teamId }, { projection: { victims: 1 } }).toArray();
    const incidents = await this.incidents.find({ caseId: { $in: others.map((o) => o._id) }, occurredAt: { $gte: earliestCountedIncident(now, thresholds) } }, { projection: complaintFields }).toArray();
    const complaints = complaintsFrom(others.map((o) => ({ id: o._id, victims: o.victims })), incidents.map(asSource));
    const victimsOf = new Map(cases.map((c) => [c.id, c.victims]));
    return (caseId) => {
      const mine = keysOf(victimsOf.get(caseId) ?? []);
      const sharing = new Set(others.filter((o) => o._id !== caseId && o.victims.some((v) => mine.has(personKeyOf(v)))).map((o) => o._id));
      return complaints.filter((c) => sharing.has(c.caseId));
    };
  }

  /**
   * The cases as the meeting may know them (no address), with their latest incident as the short summary, which
   * of them are open, their victims and their incidents: one read of the cases and one of their incidents, together.
   * Only cases in the scope (the team's areas) are read.
   */
  private async read(caseIds: readonly string[], scope: { teamId: string; area: { $in: string[] } }, now: Date, names?: Map<string, string>): Promise<ListedCases> {
    const ids = [...new Set(caseIds)];
    const summaries = new Map<string, AgendaCaseSummary>();
    const open = new Set<string>();
    const victims = new Map<string, Victims>();
    const byCase = new Map<string, ComplaintSource[]>();
    if (ids.length === 0) return { summaries, open, victims, incidents: byCase };
    const [rows, incidents] = await Promise.all([
      this.cases.find({ _id: { $in: ids }, ...scope }, { projection: caseProjection }).toArray(),
      this.incidents.find({ caseId: { $in: ids }, ...scope }, { projection: { ...complaintFields, description: 1 } }).toArray(),
    ]);
    const latest = new Map<string, { at: Date; text: string }>();
    for (const t of incidents) {
      const seen = latest.get(t.caseId);
      if (!seen || t.occurredAt > seen.at) latest.set(t.caseId, { at: t.occurredAt, text: t.description });
      const list = byCase.get(t.caseId);
      if (list) list.push(asSource(t));
      else byCase.set(t.caseId, [asSource(t)]);
    }
    for (const row of rows) {
      if (row.status !== 'closed') open.add(row._id);
      victims.set(row._id, row.victims);
      for (const person of [...row.victims, ...row.perpetrators]) names?.set(`${row._id}/${person.id}`, person.name);
      summaries.set(row._id, {
        caseId: row._id,
        reference: row.reference,
        area: areaName(this.areaList, row.area),
        ...(row.riskLevel ? { riskLevel: row.riskLevel } : {}),
        summary: shortSummary(latest.get(row._id)?.text ?? ''),
        people: [
          ...row.victims.map((v) => ({ role: 'victim' as const, name: v.name, under18: v.under18 })),
          ...row.perpetrators.map((p) => ({ role: 'perpetrator' as const, name: p.name, under18: under18Status(p, now) === 'yes' })),
        ],
      });
    }
    return { summaries, open, victims, incidents: byCase };
  }
}
