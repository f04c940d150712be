/**
 * The reads behind the figures card, the exports and the returns: for one scope (a team, optionally one area, or
 * one officer's caseload) and one period, what src/domain/figures/figures.ts needs. The database does the
 * counting, each count on an index declared in ensureIndexes (test/db/figures.test.ts checks the plans). Counts
 * from collections that do not carry the case's area or owner are grouped per case, and kept to the cases in
 * scope with one more read of those cases' ids (incidents carry the team and area, not the owner). Only first
 * visits and monitoring outcomes come back as records.
 */
import type { Db, Document, Filter } from 'mongodb';
import { addDays, londonDate, londonInstant, type LocalDate } from '../domain/calendar/localDate.js';
import type { AsbCategory } from '../domain/cases/categories.js';
import type { ClosureReason } from '../domain/cases/closure.js';
import type { FiguresScope } from '../domain/figures/access.js';
import { trendMonths, type FiguresInput, type FirstVisitRow, type TrendMonth } from '../domain/figures/figures.js';
import type { Period } from '../domain/figures/period.js';
import type { Intervention } from '../domain/interventions/intervention.js';
import type { InterventionTypeId } from '../domain/interventions/interventionTypes.js';
import { riskLevels, type RiskLevel } from '../domain/riskLevel.js';
import { caseStatuses } from '../domain/cases/status.js';
import { incidentsPerCategorySet } from './incidents.js';
import { fromStored } from './stored.js';

export interface FiguresQuery {
  scope: FiguresScope;
  /** An area id; all areas when absent. */
  area?: string;
  period: Period;
  today: LocalDate;
}

/** The underlying rows of an export: no names, addresses or free text. */
export interface CaseRow {
  reference: string;
  area: string;
  ward: string;
  status: string;
  riskLevel: string;
  categories: string;
  openedOn: string;
  closedOn: string;
  closureReason: string;
}

const startOf = (d: LocalDate) => londonInstant(d, '00:00');
const afterEnd = (d: LocalDate) => londonInstant(addDays(d, 1), '00:00');
const openStatuses = caseStatuses.filter((status) => status !== 'closed');

/**
 * Case ids go to the database in $in lists of at most this many: the embedded server checks $in against each
 * document by walking the list, so one list of thousands costs the square of its length there.
 */
const IN_CHUNK = 100;

async function inChunks<T>(ids: readonly string[], read: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const chunks = Array.from({ length: Math.ceil(ids.length / IN_CHUNK) }, (_, i) => ids.slice(i * IN_CHUNK, (i + 1) * IN_CHUNK));
  return (await Promise.all(chunks.map(read))).flat();
}

export class FiguresReader {
  constructor(private readonly db: Db) {}

  async ensureIndexes(): Promise<void> {
    await this.db.collection('cases').createIndex({ teamId: 1, createdAt: 1 });
    await this.db.collection('cases').createIndex({ teamId: 1, 'closure.closedAt': 1 }, { sparse: true });
    await this.db.collection('incidents').createIndex({ teamId: 1, occurredAt: 1 });
    await this.db.collection('riskAssessments').createIndex({ assessedAt: 1 });
    await this.db.collection('cases').createIndex({ teamId: 1, status: 1, riskLevel: 1 });
    // An officer's own figures: their cases opened and closed in a month are counted on the index alone.
    await this.db.collection('cases').createIndex({ teamId: 1, ownerId: 1, createdAt: 1 });
    await this.db.collection('cases').createIndex({ teamId: 1, ownerId: 1, 'closure.closedAt': 1 }, { sparse: true });
  }

  private caseFilter(query: Pick<FiguresQuery, 'scope' | 'area'>): Filter<Document> {
    const { scope, area } = query;
    return { teamId: { $in: [...scope.teamIds] }, ...(scope.ownerId ? { ownerId: scope.ownerId } : {}), ...(area ? { area } : {}) };
  }

  /** Which of these cases are in scope. */
  private async inScope(query: FiguresQuery, caseIds: Iterable<string>): Promise<Set<string>> {
    const found = await inChunks([...new Set(caseIds)], (ids) =>
      this.db.collection('cases').find({ _id: { $in: ids }, ...this.caseFilter(query) } as Filter<Document>, { projection: { _id: 1 } }).toArray(),
    );
    return new Set(found.map((doc) => String(doc._id)));
  }

  async read(query: FiguresQuery): Promise<FiguresInput> {
    const [newCases, trend, closuresByReason, openByRisk, incidents, firstVisits, overdueDeadlines, served, monitoringEnded] = await Promise.all([
      this.count('cases', { ...this.caseFilter(query), createdAt: this.range(query.period) }),
      this.trend(query),
      this.closuresByReason(query),
      this.openByRisk(query),
      this.incidents(query),
      this.firstVisits(query),
      this.overdue(query),
      this.served(query),
      this.monitoringEnded(query, query.period),
    ]);
    return { period: query.period, today: query.today, newCases, trend, closuresByReason, openByRisk, ...incidents, firstVisits, overdueDeadlines, served, monitoringEnded };
  }

  private range(period: Period): { $gte: Date; $lt: Date } {
    return { $gte: startOf(period.from), $lt: afterEnd(period.to) };
  }

  /**
   * How many documents match, counted by the database on an index, never read into the app. The `count`
   * command rather than countDocuments (an aggregation whose $group stage the embedded server runs over copies
   * of the matched documents): it is as exact on a replica set, Atlas or Cosmos DB, and two to three times faster
   * embedded.
   */
  private async count(collection: string, filter: Filter<Document>): Promise<number> {
    return Number((await this.db.command({ count: collection, query: filter })).n);
  }

  /** Cases opened and closed in each trend month: one count per month and series, each on its index range. */
  private async trend(query: FiguresQuery): Promise<FiguresInput['trend']> {
    const months = trendMonths(query.period);
    const [opened, closed] = await Promise.all([this.perMonth(query, months, 'createdAt'), this.perMonth(query, months, 'closure.closedAt')]);
    return months.map(({ month }, i) => ({ month, opened: opened[i]!, closed: closed[i]! }));
  }

  /**
   * How many cases in scope have `field` in each month, in the months' order. Counts rather than one $bucket
   * aggregate: a count whose filter is its index's bounds counts keys without reading a case (COUNT_SCAN), where
   * the aggregate read and grouped a year of cases.
   */
  private perMonth(query: FiguresQuery, months: readonly TrendMonth[], field: 'createdAt' | 'closure.closedAt'): Promise<number[]> {
    return Promise.all(months.map((m) => this.count('cases', { ...this.caseFilter(query), [field]: { $gte: startOf(m.days.from), $lt: afterEnd(m.days.to) } })));
  }

  private async closuresByReason(query: FiguresQuery): Promise<FiguresInput['closuresByReason']> {
    const rows = await this.db
      .collection('cases')
      .aggregate<{ _id: ClosureReason | null; count: number }>([
        { $match: { ...this.caseFilter(query), 'closure.closedAt': this.range(query.period) } },
        { $project: { _id: 0, 'closure.reason': 1 } },
        { $group: { _id: '$closure.reason', count: { $sum: 1 } } },
      ])
      .toArray();
    return Object.fromEntries(rows.filter((row) => row._id).map((row) => [row._id, row.count]));
  }

  /** Open cases at each risk level, and those not assessed (all open cases less the assessed ones). */
  private async openByRisk(query: FiguresQuery): Promise<FiguresInput['openByRisk']> {
    const open = { ...this.caseFilter(query), status: { $in: openStatuses } };
    const [all, ...levels] = await Promise.all([this.count('cases', open), ...riskLevels.map((riskLevel) => this.count('cases', { ...open, riskLevel }))]);
    const assessed = levels.reduce((sum, n) => sum + n, 0);
    return { ...Object.fromEntries(riskLevels.map((level, i) => [level, levels[i]!])), none: all! - assessed };
  }

  /**
   * Incidents carry their case's team and area (src/db/incidents.ts), so a team's or an area's in the period are
   * one index range; an officer's are found by their cases' ids, as only cases carry the owner. The database
   * counts them per set of categories, and the sets are added up here.
   */
  private async incidents(query: FiguresQuery): Promise<Pick<FiguresInput, 'incidentCount' | 'incidentsByCategory'>> {
    const occurredAt = this.range(query.period);
    const bySet = (match: Filter<Document>) => incidentsPerCategorySet(this.db, match);
    const { scope, area } = query;
    const groups = scope.ownerId
      ? await inChunks(await this.caseIds(query), (ids) => bySet({ caseId: { $in: ids }, occurredAt }))
      : await bySet({ teamId: { $in: [...scope.teamIds] }, ...(area ? { area } : {}), occurredAt });
    let incidentCount = 0;
    const incidentsByCategory: Partial<Record<AsbCategory, number>> = {};
    for (const { categories, count } of groups) {
      incidentCount += count;
      for (const category of categories) incidentsByCategory[category] = (incidentsByCategory[category] ?? 0) + count;
    }
    return { incidentCount, incidentsByCategory };
  }

  /** The ids of every case in scope, open or closed. */
  private async caseIds(query: FiguresQuery): Promise<string[]> {
    return (await this.db.collection('cases').distinct('_id', this.caseFilter(query))).map(String);
  }

  private async firstVisits(query: FiguresQuery): Promise<FirstVisitRow[]> {
    const assessments = this.db.collection('riskAssessments');
    const inPeriod = await assessments
      .find({ assessedAt: this.range(query.period) }, { projection: { _id: 0, caseId: 1, victimId: 1, assessedAt: 1, finalLevel: 1 } })
      .sort({ assessedAt: 1 })
      .toArray();
    const scoped = await this.inScope(query, inPeriod.map((a) => String(a.caseId)));
    const caseIds = [...scoped];
    const key = (a: Document) => `${String(a.caseId)}:${String(a.victimId)}`;
    const assessedBefore = new Set(
      (await inChunks(caseIds, (ids) => assessments.find({ caseId: { $in: ids }, assessedAt: { $lt: startOf(query.period.from) } }, { projection: { _id: 0, caseId: 1, victimId: 1 } }).toArray())).map(key),
    );
    const first = new Map<string, Document>();
    for (const a of inPeriod) if (scoped.has(String(a.caseId)) && !assessedBefore.has(key(a)) && !first.has(key(a))) first.set(key(a), a);
    const visits = await inChunks(caseIds, (ids) =>
      this.db.collection('visits').find({ caseId: { $in: ids }, seen: true, visitedOn: { $lte: query.today } }, { projection: { _id: 0, caseId: 1, victimId: 1, visitedOn: 1 } }).toArray(),
    );
    const firstSeen = new Map<string, LocalDate>();
    for (const v of visits) if (!firstSeen.has(key(v)) || String(v.visitedOn) < firstSeen.get(key(v))!) firstSeen.set(key(v), v.visitedOn as LocalDate);
    return [...first.entries()].map(([k, a]) => ({
      caseId: String(a.caseId), victimId: String(a.victimId), assessedAt: a.assessedAt as Date, level: a.finalLevel as RiskLevel,
      ...(firstSeen.has(k) ? { visitedOn: firstSeen.get(k)! } : {}),
    }));
  }

  private async overdue(query: FiguresQuery): Promise<number> {
    const { scope } = query;
    const filter = { status: 'open', dueDate: { $lt: query.today }, 'recipient.tenantId': { $in: [...scope.teamIds] }, ...(scope.ownerId ? { 'recipient.aadObjectId': scope.ownerId } : {}) };
    if (!query.area) return this.count('reminders', filter);
    const rows = await this.db.collection('reminders').find({ ...filter, caseId: { $exists: true } }, { projection: { _id: 0, caseId: 1 } }).toArray();
    const scoped = await this.inScope(query, rows.map((r) => String(r.caseId)));
    return rows.filter((r) => scoped.has(String(r.caseId))).length;
  }

  /** The interventions served in the period, counted by the database per case, type and under-18/adult. */
  private async served(query: FiguresQuery): Promise<FiguresInput['served']> {
    const groups = await this.db
      .collection('interventions')
      .aggregate<{ _id: { caseId: string; type: InterventionTypeId; personUnder18: boolean }; count: number }>([
        { $match: { teamId: { $in: [...query.scope.teamIds] }, servedOn: { $gte: query.period.from, $lte: query.period.to } } },
        { $project: { _id: 0, caseId: 1, type: 1, personUnder18: 1 } },
        { $group: { _id: { caseId: '$caseId', type: '$type', personUnder18: '$personUnder18' }, count: { $sum: 1 } } },
      ])
      .toArray();
    const scoped = query.scope.ownerId || query.area ? await this.inScope(query, groups.map((g) => String(g._id.caseId))) : undefined;
    return groups.filter((g) => !scoped || scoped.has(String(g._id.caseId))).map(({ _id, count }) => ({ type: _id.type, personUnder18: _id.personUnder18 === true, count }));
  }

  /** Interventions whose monitoring ended in a period: the prevention rate of that period. */
  async monitoringEnded(query: FiguresQuery, period: Period): Promise<Intervention[]> {
    const docs = await this.db
      .collection('interventions')
      .find({ teamId: { $in: [...query.scope.teamIds] }, monitoringEndsOn: { $gte: period.from, $lte: period.to } })
      .toArray();
    const scoped = query.scope.ownerId || query.area ? await this.inScope(query, docs.map((d) => String(d.caseId))) : undefined;
    return docs
      .filter((d) => !scoped || scoped.has(String(d.caseId)))
      .map((doc) => {
        const { teamId: _team, ...rest } = doc;
        return fromStored<Intervention>(rest as never);
      });
  }

  /** ASB cases and hate-incident cases opened in a period (NM01's numerators). */
  async casesOpened(query: FiguresQuery): Promise<{ asb: number; hate: number }> {
    const filter = { ...this.caseFilter(query), createdAt: this.range(query.period) };
    const [asb, hate] = await Promise.all([this.count('cases', filter), this.count('cases', { ...filter, categories: 'hate-incident' })]);
    return { asb, hate };
  }

  /** The cases opened or closed in the period, as export rows (no names, addresses or free text). */
  async caseRows(query: FiguresQuery, limit: number): Promise<CaseRow[]> {
    const range = this.range(query.period);
    const filter = { ...this.caseFilter(query), $or: [{ createdAt: range }, { 'closure.closedAt': range }] };
    const projection = { _id: 0, reference: 1, area: 1, ward: 1, status: 1, riskLevel: 1, categories: 1, createdAt: 1, 'closure.closedAt': 1, 'closure.reason': 1 };
    const docs = await this.db.collection('cases').find(filter, { projection }).sort({ createdAt: 1 }).limit(limit).toArray();
    const day = (d?: Date) => (d ? londonDate(d) : '');
    return docs.map((doc) => ({
      reference: String(doc.reference), area: String(doc.area), ward: String(doc.ward), status: String(doc.status), riskLevel: String(doc.riskLevel ?? ''),
      categories: (doc.categories as string[]).join(';'), openedOn: day(doc.createdAt as Date), closedOn: day(doc.closure?.closedAt as Date | undefined),
      closureReason: String(doc.closure?.reason ?? ''),
    }));
  }
}
