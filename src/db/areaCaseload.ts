/**
 * What a target group agenda needs from the caseload of its areas, read in a few indexed queries rather than
 * one per case (an area can have thousands of open cases): the open cases, new high-risk assessments, the
 * incidents in the Case Review window and the area figures since the last meeting.
 */
import type { Collection, Db } from 'mongodb';
import { areaName, type Area } from '../domain/cases/areas.js';
import type { Case } from '../domain/cases/case.js';
import { categoryLabel, type AsbCategory } from '../domain/cases/categories.js';
import { caseReviewForCase, caseReviewWindowStart, type CaseReviewThresholds } from '../domain/cases/caseReview.js';
import type { Incident } from '../domain/cases/incident.js';
import { under18Status } from '../domain/cases/people.js';
import { londonDate, londonInstant } from '../domain/calendar/localDate.js';
import type { AgendaCaseSummary, AreaFigures, CaseReviewThresholdCase, HighRiskCase } from '../domain/meetings/index.js';
import { shortSummary } from '../domain/meetings/privacy.js';

type CaseRow = Pick<Case, 'reference' | 'status' | 'area' | 'riskLevel' | 'victims' | 'perpetrators' | 'createdAt'> & { _id: string };
type IncidentRow = Pick<Incident, 'caseId' | 'occurredAt' | 'reportedBy' | 'categories'>;

export interface AreaCaseloadQuery {
  tenantId: string;
  /** Area ids (as on cases). */
  areas: readonly string[];
  /** The last meeting's date; null for a group's first meeting. */
  since: string | null;
  now: Date;
}

export interface AreaCaseloadResult {
  newHighRiskCases: HighRiskCase[];
  caseReviewThresholdCases: CaseReviewThresholdCase[];
  areaFigures: AreaFigures;
  /** Summaries of the area's cases by id, for nominations and carried actions. */
  summaries(caseIds: readonly string[]): Promise<Map<string, AgendaCaseSummary>>;
}

export class AreaCaseload {
  private readonly cases: Collection<CaseRow>;
  private readonly incidents: Collection<IncidentRow & { description: string }>;
  private readonly assessments: Collection<{ caseId: string; assessedAt: Date; finalLevel: string }>;

  constructor(
    db: Db,
    private readonly areaList: readonly Area[],
    private readonly thresholds: CaseReviewThresholds,
  ) {
    this.cases = db.collection<CaseRow>('cases');
    this.incidents = db.collection<IncidentRow & { description: string }>('incidents');
    this.assessments = db.collection<{ caseId: string; assessedAt: Date; finalLevel: string }>('riskAssessments');
  }

  async ensureIndexes(): Promise<void> {
    await this.cases.createIndex({ teamId: 1, area: 1, status: 1 });
    await this.incidents.createIndex({ occurredAt: 1 });
    await this.assessments.createIndex({ finalLevel: 1, assessedAt: 1 });
  }

  async forAgenda(query: AreaCaseloadQuery): Promise<AreaCaseloadResult> {
    const sinceInstant = query.since ? londonInstant(query.since, '23:59') : undefined;
    const windowStart = caseReviewWindowStart(query.now, this.thresholds.windowMonths);
    const incidentsFrom = sinceInstant && sinceInstant < windowStart ? sinceInstant : windowStart;
    const [rows, incidents, highRisk] = await Promise.all([
      this.cases
        .find({ teamId: query.tenantId, area: { $in: [...query.areas] } }, { projection: { reference: 1, status: 1, area: 1, riskLevel: 1, victims: 1, perpetrators: 1, createdAt: 1 } })
        .toArray(),
      this.incidents
        .find({ occurredAt: { $gte: sinceInstant === undefined ? windowStart : incidentsFrom } }, { projection: { _id: 0, caseId: 1, occurredAt: 1, reportedBy: 1, categories: 1 } })
        .toArray(),
      this.assessments
        .find({ finalLevel: 'high', ...(sinceInstant ? { assessedAt: { $gt: sinceInstant } } : {}) }, { projection: { _id: 0, caseId: 1, assessedAt: 1 } })
        .toArray(),
    ]);
    const byId = new Map(rows.map((row) => [row._id, row]));
    const open = (id: string) => {
      const row = byId.get(id);
      return row && row.status !== 'closed' ? row : undefined;
    };

    const incidentsByCase = new Map<string, IncidentRow[]>();
    const incidentsByCategory: Record<string, number> = {};
    for (const incident of incidents) {
      if (!byId.has(incident.caseId)) continue;
      if (incident.occurredAt >= windowStart) {
        const list = incidentsByCase.get(incident.caseId);
        if (list) list.push(incident);
        else incidentsByCase.set(incident.caseId, [incident]);
      }
      if (!sinceInstant || incident.occurredAt > sinceInstant) {
        for (const category of incident.categories) {
          const label = categoryLabel(category as AsbCategory);
          incidentsByCategory[label] = (incidentsByCategory[label] ?? 0) + 1;
        }
      }
    }

    const summaryOf = (row: CaseRow, summary = ''): AgendaCaseSummary => ({
      caseId: row._id,
      reference: row.reference,
      area: areaName(this.areaList, row.area),
      riskLevel: row.riskLevel ?? 'standard',
      summary: shortSummary(summary),
      people: [
        ...row.victims.map((v) => ({ role: 'victim' as const, name: v.name, under18: v.under18 })),
        ...row.perpetrators.map((p) => ({ role: 'perpetrator' as const, name: p.name, under18: under18Status(p, query.now) === 'yes' })),
      ],
    });

    const latestHigh = new Map<string, Date>();
    for (const a of highRisk) {
      if (!open(a.caseId)) continue;
      const seen = latestHigh.get(a.caseId);
      if (!seen || a.assessedAt > seen) latestHigh.set(a.caseId, a.assessedAt);
    }
    const threshold: Array<{ id: string; detail: string }> = [];
    for (const [caseId, list] of incidentsByCase) {
      const row = open(caseId);
      if (!row) continue;
      const top = caseReviewForCase(row, list as Incident[], query.now, this.thresholds)[0];
      if (top?.level === 'threshold') threshold.push({ id: caseId, detail: `${top.count} reports in ${this.thresholds.windowMonths} months` });
    }

    const listed = [...latestHigh.keys(), ...threshold.map((t) => t.id)];
    const described = await this.latestIncidentTexts(listed);
    const summaries = async (caseIds: readonly string[]): Promise<Map<string, AgendaCaseSummary>> => {
      const texts = await this.latestIncidentTexts(caseIds.filter((id) => byId.has(id) && !described.has(id)));
      const out = new Map<string, AgendaCaseSummary>();
      for (const id of caseIds) {
        const row = byId.get(id);
        if (row) out.set(id, summaryOf(row, described.get(id) ?? texts.get(id) ?? ''));
      }
      return out;
    };

    return {
      newHighRiskCases: [...latestHigh].map(([id, at]) => ({ case: summaryOf(byId.get(id)!, described.get(id)), assessedOn: londonDate(at) })),
      caseReviewThresholdCases: threshold.map((t) => ({ case: summaryOf(byId.get(t.id)!, described.get(t.id)), detail: t.detail })),
      areaFigures: {
        newCases: rows.filter((row) => !sinceInstant || row.createdAt > sinceInstant).length,
        incidentsByCategory,
        // Warnings by stage come from the interventions records, which are not stored yet.
        warningsByStage: {},
      },
      summaries,
    };
  }

  /** The description of each case's most recent incident: the short summary the meeting card shows. */
  private async latestIncidentTexts(caseIds: readonly string[]): Promise<Map<string, string>> {
    const texts = new Map<string, string>();
    await Promise.all(
      [...new Set(caseIds)].map(async (caseId) => {
        const latest = await this.incidents.find({ caseId }, { projection: { description: 1 } }).sort({ occurredAt: -1 }).limit(1).next();
        if (latest) texts.set(caseId, String(latest.description ?? ''));
      }),
    );
    return texts;
  }
}
