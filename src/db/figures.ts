/**
 * The reads behind the figures card, the exports and the returns: for one scope (a team, optionally one area, or
 * one officer's caseload) and one period, the rows src/domain/figures/figures.ts counts. Each read is an indexed
 * range on the collection's date field; rows from collections that do not carry the case's area or owner are
 * kept to the cases in scope with one more read of those cases' ids.
 */
import type { Db, Document, Filter } from 'mongodb';
import { addDays, londonDate, londonInstant, type LocalDate } from '../domain/calendar/localDate.js';
import type { AsbCategory } from '../domain/cases/categories.js';
import type { ClosureReason } from '../domain/cases/closure.js';
import type { FiguresScope } from '../domain/figures/access.js';
import { earliestNeeded, type FiguresInput, type FirstVisitRow } from '../domain/figures/figures.js';
import type { Period } from '../domain/figures/period.js';
import type { Intervention } from '../domain/interventions/intervention.js';
import type { RiskLevel } from '../domain/riskLevel.js';
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

export class FiguresReader {
  constructor(private readonly db: Db) {}

  async ensureIndexes(): Promise<void> {
    await this.db.collection('cases').createIndex({ teamId: 1, createdAt: 1 });
    await this.db.collection('cases').createIndex({ teamId: 1, 'closure.closedAt': 1 }, { sparse: true });
    await this.db.collection('incidents').createIndex({ occurredAt: 1 });
    await this.db.collection('riskAssessments').createIndex({ assessedAt: 1 });
  }

  private caseFilter(query: Pick<FiguresQuery, 'scope' | 'area'>): Filter<Document> {
    const { scope, area } = query;
    return { teamId: { $in: [...scope.teamIds] }, ...(scope.ownerId ? { ownerId: scope.ownerId } : {}), ...(area ? { area } : {}) };
  }

  /** Which of these cases are in scope. */
  private async inScope(query: FiguresQuery, caseIds: Iterable<string>): Promise<Set<string>> {
    const ids = [...new Set(caseIds)];
    if (ids.length === 0) return new Set();
    const found = await this.db.collection('cases').find({ _id: { $in: ids }, ...this.caseFilter(query) } as Filter<Document>, { projection: { _id: 1 } }).toArray();
    return new Set(found.map((doc) => String(doc._id)));
  }

  async read(query: FiguresQuery): Promise<FiguresInput> {
    const [cases, openByRisk, incidents, firstVisits, overdueDeadlines, served, monitoringEnded] = await Promise.all([
      this.casesOpenedOrClosed(query),
      this.openByRisk(query),
      this.incidents(query),
      this.firstVisits(query),
      this.overdue(query),
      this.served(query),
      this.monitoringEnded(query, query.period),
    ]);
    return { period: query.period, today: query.today, cases, openByRisk, incidents, firstVisits, overdueDeadlines, served, monitoringEnded };
  }

  private async casesOpenedOrClosed(query: FiguresQuery): Promise<FiguresInput['cases']> {
    const range = { $gte: startOf(earliestNeeded(query.period)), $lt: afterEnd(query.period.to) };
    const filter = this.caseFilter(query);
    const projection = { _id: 1, createdAt: 1, 'closure.closedAt': 1, 'closure.reason': 1 };
    const cases = this.db.collection('cases');
    const [opened, closed] = await Promise.all([
      cases.find({ ...filter, createdAt: range }, { projection }).toArray(),
      cases.find({ ...filter, 'closure.closedAt': range }, { projection }).toArray(),
    ]);
    const byId = new Map([...opened, ...closed].map((doc) => [String(doc._id), doc]));
    const inRange = (d: Date | undefined) => d !== undefined && d >= range.$gte && d < range.$lt;
    return [...byId.values()].map((doc) => {
      const closure = doc.closure as { closedAt?: Date; reason?: ClosureReason } | undefined;
      return {
        // A case opened before the trend began but closed in it counts only as a closure.
        createdAt: inRange(doc.createdAt as Date) ? (doc.createdAt as Date) : new Date(0),
        ...(closure?.closedAt && inRange(closure.closedAt) ? { closedAt: closure.closedAt, closureReason: closure.reason } : {}),
      };
    });
  }

  private async openByRisk(query: FiguresQuery): Promise<FiguresInput['openByRisk']> {
    const rows = await this.db
      .collection('cases')
      .aggregate<{ _id: RiskLevel | null; count: number }>([
        { $match: { ...this.caseFilter(query), status: { $ne: 'closed' } } },
        { $group: { _id: '$riskLevel', count: { $sum: 1 } } },
      ])
      .toArray();
    return Object.fromEntries(rows.map((row) => [row._id ?? 'none', row.count]));
  }

  private async incidents(query: FiguresQuery): Promise<FiguresInput['incidents']> {
    const rows = await this.db
      .collection('incidents')
      .find({ occurredAt: { $gte: startOf(query.period.from), $lt: afterEnd(query.period.to) } }, { projection: { _id: 0, caseId: 1, categories: 1 } })
      .toArray();
    const scoped = await this.inScope(query, rows.map((r) => String(r.caseId)));
    return rows.filter((r) => scoped.has(String(r.caseId))).map((r) => ({ categories: r.categories as AsbCategory[] }));
  }

  private async firstVisits(query: FiguresQuery): Promise<FirstVisitRow[]> {
    const assessments = this.db.collection('riskAssessments');
    const inPeriod = await assessments
      .find({ assessedAt: { $gte: startOf(query.period.from), $lt: afterEnd(query.period.to) } }, { projection: { _id: 0, caseId: 1, victimId: 1, assessedAt: 1, finalLevel: 1 } })
      .sort({ assessedAt: 1 })
      .toArray();
    const scoped = await this.inScope(query, inPeriod.map((a) => String(a.caseId)));
    const caseIds = [...scoped];
    const key = (a: Document) => `${String(a.caseId)}:${String(a.victimId)}`;
    const assessedBefore = new Set(
      (await assessments.find({ caseId: { $in: caseIds }, assessedAt: { $lt: startOf(query.period.from) } }, { projection: { _id: 0, caseId: 1, victimId: 1 } }).toArray()).map(key),
    );
    const first = new Map<string, Document>();
    for (const a of inPeriod) if (scoped.has(String(a.caseId)) && !assessedBefore.has(key(a)) && !first.has(key(a))) first.set(key(a), a);
    const visits = await this.db
      .collection('visits')
      .find({ caseId: { $in: caseIds }, seen: true, visitedOn: { $lte: query.today } }, { projection: { _id: 0, caseId: 1, victimId: 1, visitedOn: 1 } })
      .toArray();
    const firstSeen = new Map<string, LocalDate>();
    for (const v of visits) if (!firstSeen.has(key(v)) || String(v.visitedOn) < firstSeen.get(key(v))!) firstSeen.set(key(v), v.visitedOn as LocalDate);
    return [...first.entries()].map(([k, a]) => ({
      caseId: String(a.caseId), victimId: String(a.victimId), assessedAt: a.assessedAt as Date, level: a.finalLevel as RiskLevel,
      ...(firstSeen.has(k) ? { visitedOn: firstSeen.get(k)! } : {}),
    }));
  }

  private async overdue(query: FiguresQuery): Promise<number> {
    const { scope } = query;
    const rows = await this.db
      .collection('reminders')
      .find(
        { status: 'open', dueDate: { $lt: query.today }, 'recipient.tenantId': { $in: [...scope.teamIds] }, ...(scope.ownerId ? { 'recipient.aadObjectId': scope.ownerId } : {}) },
        { projection: { _id: 0, caseId: 1 } },
      )
      .toArray();
    if (!query.area) return rows.length;
    const scoped = await this.inScope(query, rows.filter((r) => r.caseId).map((r) => String(r.caseId)));
    return rows.filter((r) => r.caseId && scoped.has(String(r.caseId))).length;
  }

  private async interventionsIn(query: FiguresQuery, field: 'servedOn' | 'monitoringEndsOn', period: Period): Promise<Intervention[]> {
    const docs = await this.db
      .collection('interventions')
      .find({ teamId: { $in: [...query.scope.teamIds] }, [field]: { $gte: period.from, $lte: period.to } })
      .toArray();
    const scoped = query.scope.ownerId || query.area ? await this.inScope(query, docs.map((d) => String(d.caseId))) : undefined;
    return docs
      .filter((d) => !scoped || scoped.has(String(d.caseId)))
      .map((doc) => {
        const { teamId: _team, ...rest } = doc;
        return fromStored<Intervention>(rest as never);
      });
  }

  private served(query: FiguresQuery): Promise<Intervention[]> {
    return this.interventionsIn(query, 'servedOn', query.period);
  }

  /** Interventions whose monitoring ended in a period: the prevention rate of that period. */
  monitoringEnded(query: FiguresQuery, period: Period): Promise<Intervention[]> {
    return this.interventionsIn(query, 'monitoringEndsOn', period);
  }

  /** ASB cases and hate-incident cases opened in a period (NM01's numerators). */
  async casesOpened(query: FiguresQuery): Promise<{ asb: number; hate: number }> {
    const filter = { ...this.caseFilter(query), createdAt: { $gte: startOf(query.period.from), $lt: afterEnd(query.period.to) } };
    const cases = this.db.collection('cases');
    const [asb, hate] = await Promise.all([cases.countDocuments(filter), cases.countDocuments({ ...filter, categories: 'hate-incident' })]);
    return { asb, hate };
  }

  /** The cases opened or closed in the period, as export rows (no names, addresses or free text). */
  async caseRows(query: FiguresQuery, limit: number): Promise<CaseRow[]> {
    const range = { $gte: startOf(query.period.from), $lt: afterEnd(query.period.to) };
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
