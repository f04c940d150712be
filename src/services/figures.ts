/**
 * The figures: for whom (a manager's team, an officer's own caseload), over which period and area, as a card's
 * view model, charts and exports. Every file goes through the one signed-download mechanism; the link names the
 * person it was issued to and what it counts (a chart's link also the numbers it draws), and making the file
 * re-checks that person may still have it and audits the download.
 */
import type { AuditLog } from '../db/audit.js';
import type { TeamSettings } from '../db/teamSettings.js';
import { nm01, quartersOf, returnYear, type Nm01, type PreventionQuarter } from '../domain/figures/returns.js';
import { preventionRates } from '../domain/interventions/preventionRates.js';
import type { FiguresQuery, FiguresReader } from '../db/figures.js';
import { todayInLondon } from '../domain/calendar/localDate.js';
import type { WorkingCalendar } from '../domain/calendar/workingCalendar.js';
import { areaName, type Area } from '../domain/cases/areas.js';
import type { Clock } from '../domain/clock.js';
import { figuresScopeFor, type FiguresScope } from '../domain/figures/access.js';
import { computeFigures, type Figures } from '../domain/figures/figures.js';
import { periodSchema, type Period } from '../domain/figures/period.js';
import { decodeChartNumbers, encodeChartNumbers } from '../domain/figures/chartNumbers.js';
import type { PreventionTargets } from '../domain/interventions/preventionRates.js';
import { altText, chartKinds, renderChart, type ChartKind } from '../documents/charts.js';
import { figuresSheet, nm01Sheet, preventionSheet, toCsv, toXlsx, type Sheet } from '../documents/figuresExport.js';
import { contentTypes, safeFilename, type DownloadFile, type DownloadKind, type Downloads } from '../security/downloads.js';
import type { Actor } from '../domain/access/index.js';
import type { Officer } from './caseFile.js';

export const FIGURES_DOWNLOADS = { csv: 'figures', rows: 'figures-cases', xlsx: 'figures-xlsx', chart: 'figures-chart', returns: 'returns' } as const;
export const returnKinds = ['nm01', 'prevention'] as const;
export type ReturnKind = (typeof returnKinds)[number];
/** Export rows beyond this are left out (the export says so). */
export const MAX_EXPORT_ROWS = 50_000;

export interface FiguresRequest {
  period: Period;
  area?: string;
}

export interface FiguresView {
  figures: Figures;
  areaLabel: string;
  /** Whose cases: "the team" or "your caseload". */
  whose: 'team' | 'own';
  links: { csv: string; rows: string; xlsx: string; charts: Record<ChartKind, string> };
  altText: Record<ChartKind, string>;
}

export interface FiguresServiceDeps {
  reader: FiguresReader;
  settings: TeamSettings;
  audit: AuditLog;
  clock: Clock;
  calendar: WorkingCalendar;
  downloads: Downloads;
  areas: readonly Area[];
  targets?: PreventionTargets;
}

/** What a link counts: signed with the link, so it can be trusted when the file is made. */
interface LinkSubject {
  teamId: string;
  ownerId?: string;
  area?: string;
  period: Period;
}

const SEPARATOR = '~';

function encodeSubject(subject: LinkSubject, prefix?: string): string {
  return [...(prefix ? [prefix] : []), subject.teamId, subject.ownerId ?? 'team', subject.area ?? 'all', subject.period.from, subject.period.to].join(SEPARATOR);
}

function decodeSubject(id: string, withPrefix: boolean): { prefix?: string; subject: LinkSubject } | undefined {
  const parts = id.split(SEPARATOR);
  const prefix = withPrefix ? parts.shift() : undefined;
  const [teamId, owner, area, from, to] = parts;
  const period = periodSchema.safeParse({ from, to });
  if (!teamId || !owner || !area || !period.success || parts.length !== 5) return undefined;
  return { ...(prefix ? { prefix } : {}), subject: { teamId, ...(owner === 'team' ? {} : { ownerId: owner }), ...(area === 'all' ? {} : { area }), period: period.data } };
}

export class FiguresService {
  constructor(private readonly deps: FiguresServiceDeps) {}

  /** The figures for the officer, or undefined when they may have none (a partner). */
  async view(officer: Officer, request: FiguresRequest): Promise<FiguresView | undefined> {
    const scope = figuresScopeFor(officer);
    if (!scope) return undefined;
    const subject: LinkSubject = { teamId: scope.teamIds[0] ?? officer.id, ...(scope.ownerId ? { ownerId: scope.ownerId } : {}), ...(request.area ? { area: request.area } : {}), period: request.period };
    const figures = await this.compute(scope, subject);
    await this.audit(officer, 'view', encodeSubject(subject));
    const link = (kind: string, id: string) => this.deps.downloads.link(kind, id, officer).url;
    // Each chart link carries its own numbers (counts only), so the image is this card's and costs no figures query.
    const charts = Object.fromEntries(chartKinds.map((kind) => [kind, link(FIGURES_DOWNLOADS.chart, `${encodeSubject(subject, kind)}${SEPARATOR}${encodeChartNumbers(kind, figures)}`)])) as Record<ChartKind, string>;
    return {
      figures,
      areaLabel: this.areaLabel(subject.area),
      whose: scope.ownerId ? 'own' : 'team',
      links: { csv: link(FIGURES_DOWNLOADS.csv, encodeSubject(subject)), rows: link(FIGURES_DOWNLOADS.rows, encodeSubject(subject)), xlsx: link(FIGURES_DOWNLOADS.xlsx, encodeSubject(subject)), charts },
      altText: Object.fromEntries(chartKinds.map((kind) => [kind, altText(kind, figures)])) as Record<ChartKind, string>,
    };
  }

  // ---------------------------------------------------------------- returns (team figures: managers only)

  private teamOf(officer: Officer): string | undefined {
    const scope = figuresScopeFor(officer);
    return scope && !scope.ownerId ? (scope.teamIds[0] ?? undefined) : undefined;
  }

  /** Sets the team's number of homes (NM01's denominator); false when the person is not a manager. */
  async setHomes(officer: Officer, homes: number): Promise<boolean> {
    const teamId = this.teamOf(officer);
    if (!teamId) return false;
    await this.deps.settings.setHomes(teamId, homes, officer.id, this.deps.clock.now());
    return true;
  }

  /** A return for the financial year beginning in April of `year` (the last whole one by default), with its CSV link. */
  async returnFor(officer: Officer, kind: ReturnKind, year?: number): Promise<{ ok: true; sheet: Sheet; csv: string; period: Period } | { ok: false; reason: 'not-manager' | 'no-homes' }> {
    const teamId = this.teamOf(officer);
    if (!teamId) return { ok: false, reason: 'not-manager' };
    const period = returnYear(todayInLondon(this.deps.clock), year);
    const sheet = await this.returnSheet(kind, { teamIds: [teamId] }, period);
    if (!sheet) return { ok: false, reason: 'no-homes' };
    const subject: LinkSubject = { teamId, period };
    await this.audit(officer, 'view', encodeSubject(subject, kind));
    return { ok: true, sheet, period, csv: this.deps.downloads.link(FIGURES_DOWNLOADS.returns, encodeSubject(subject, kind), officer).url };
  }

  private async returnSheet(kind: ReturnKind, scope: FiguresScope, period: Period): Promise<Sheet | undefined> {
    const query = (p: Period) => this.query(scope, { teamId: scope.teamIds[0]!, period: p });
    if (kind === 'nm01') {
      const homes = await this.deps.settings.homes(scope.teamIds[0]!);
      return homes ? nm01Sheet(await this.nm01(query(period), homes)) : undefined;
    }
    const quarters: PreventionQuarter[] = [];
    for (const quarter of quartersOf(period)) {
      const ended = await this.deps.reader.monitoringEnded(query(quarter.period), quarter.period);
      quarters.push({ ...quarter, rates: preventionRates(ended, { today: todayInLondon(this.deps.clock), ...(this.deps.targets ? { targets: this.deps.targets } : {}) }) });
    }
    return preventionSheet(quarters);
  }

  private async nm01(query: FiguresQuery, homes: number): Promise<Nm01> {
    return nm01(query.period, homes, await this.deps.reader.casesOpened(query));
  }

  areaLabel(area?: string): string {
    return area ? areaName(this.deps.areas, area) : 'All areas';
  }

  private query(scope: FiguresScope, subject: LinkSubject): FiguresQuery {
    return { scope, ...(subject.area ? { area: subject.area } : {}), period: subject.period, today: todayInLondon(this.deps.clock) };
  }

  private async compute(scope: FiguresScope, subject: LinkSubject): Promise<Figures> {
    return computeFigures(await this.deps.reader.read(this.query(scope, subject)), this.deps.calendar, this.deps.targets);
  }

  /**
   * The scope a link's subject gives the person it was issued to, if they may still have it: a team's figures
   * only while they are a manager, a caseload's only their own.
   */
  private scopeForLink(subject: LinkSubject, actor: Actor): FiguresScope | undefined {
    const scope = figuresScopeFor(actor);
    if (!scope || !scope.teamIds.includes(subject.teamId)) return undefined;
    if (subject.ownerId) return subject.ownerId === actor.id ? { teamIds: [subject.teamId], ownerId: actor.id } : undefined;
    return scope.ownerId ? undefined : { teamIds: [subject.teamId] };
  }

  private async produce(
    id: string, issuedTo: Actor, withPrefix: boolean,
    make: (figures: () => Promise<Figures>, scope: FiguresScope, subject: LinkSubject, prefix?: string) => Promise<DownloadFile | undefined>,
  ): Promise<DownloadFile | undefined> {
    const decoded = decodeSubject(id, withPrefix);
    const scope = decoded ? this.scopeForLink(decoded.subject, issuedTo) : undefined;
    if (!decoded || !scope) return undefined;
    const file = await make(() => this.compute(scope, decoded.subject), scope, decoded.subject, decoded.prefix);
    if (file) await this.audit(issuedTo, 'export', id);
    return file;
  }

  private async sheets(figures: Figures, scope: FiguresScope, subject: LinkSubject): Promise<Sheet[]> {
    return [figuresSheet(figures, this.areaLabel(subject.area)), await this.caseSheet(scope, subject)];
  }

  /** The cases opened or closed in the period, one row each: reference, area, ward, status, risk, categories, dates, closure reason. */
  private async caseSheet(scope: FiguresScope, subject: LinkSubject): Promise<Sheet> {
    const rows = await this.deps.reader.caseRows(this.query(scope, subject), MAX_EXPORT_ROWS);
    return {
      name: 'Cases',
      header: ['Reference', 'Area', 'Ward', 'Status', 'Risk level', 'Categories', 'Opened on', 'Closed on', 'Closure reason'],
      rows: rows.map((r) => [r.reference, r.area, r.ward, r.status, r.riskLevel, r.categories, r.openedOn, r.closedOn, r.closureReason]),
    };
  }

  private filename(subject: LinkSubject, extension: string): string {
    return safeFilename(`ASB figures ${subject.area ?? 'all areas'} ${subject.period.from} to ${subject.period.to}`, extension, 'asb-figures');
  }

  /** The download kinds this feature serves: the CSV, the workbook and the chart images. */
  downloadKinds(): DownloadKind[] {
    return [
      {
        name: FIGURES_DOWNLOADS.csv,
        extension: 'csv',
        produce: (id, issuedTo) =>
          this.produce(id, issuedTo, false, async (figures, _scope, subject) => ({ filename: this.filename(subject, 'csv'), contentType: contentTypes.csv, body: toCsv(figuresSheet(await figures(), this.areaLabel(subject.area))) })),
      },
      {
        name: FIGURES_DOWNLOADS.rows,
        extension: 'csv',
        produce: (id, issuedTo) =>
          this.produce(id, issuedTo, false, async (_figures, scope, subject) => ({ filename: this.filename(subject, 'csv').replace('figures', 'cases'), contentType: contentTypes.csv, body: toCsv(await this.caseSheet(scope, subject)) })),
      },
      {
        name: FIGURES_DOWNLOADS.xlsx,
        extension: 'xlsx',
        produce: (id, issuedTo) =>
          this.produce(id, issuedTo, false, async (figures, scope, subject) => ({ filename: this.filename(subject, 'xlsx'), contentType: contentTypes.xlsx, body: await toXlsx(await this.sheets(await figures(), scope, subject)) })),
      },
      {
        name: FIGURES_DOWNLOADS.returns,
        extension: 'csv',
        produce: (id, issuedTo) =>
          this.produce(id, issuedTo, true, async (_figures, scope, subject, kind) => {
            if (!returnKinds.includes(kind as ReturnKind)) return undefined;
            const sheet = await this.returnSheet(kind as ReturnKind, scope, subject.period);
            return sheet ? { filename: safeFilename(`${kind} return ${subject.period.from} to ${subject.period.to}`, 'csv'), contentType: contentTypes.csv, body: toCsv(sheet) } : undefined;
          }),
      },
      {
        name: FIGURES_DOWNLOADS.chart,
        extension: 'png',
        // Drawn from the numbers signed into the link: the figures are not read again.
        produce: (id, issuedTo) => {
          const cut = id.lastIndexOf(SEPARATOR);
          if (cut < 0) return Promise.resolve(undefined);
          return this.produce(id.slice(0, cut), issuedTo, true, async (_figures, _scope, subject, kind) => {
            const numbers = chartKinds.includes(kind as ChartKind) ? decodeChartNumbers(kind as ChartKind, id.slice(cut + 1), subject.period) : undefined;
            if (!numbers) return undefined;
            const chart = await renderChart(kind as ChartKind, numbers);
            return { filename: safeFilename(`ASB figures ${kind}`, 'png'), contentType: contentTypes.png, body: chart.png };
          });
        },
      },
    ];
  }

  private async audit(actor: Actor, action: 'view' | 'export', entityId: string): Promise<void> {
    await this.deps.audit.record({ at: this.deps.clock.now(), actorId: actor.id, actorName: actor.name, action, entity: 'figures', entityId, changedFields: [], teamId: actor.teamId });
  }
}
