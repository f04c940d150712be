import { z } from 'zod';
import { describeDate, localDateSchema, type LocalDate } from './dates.js';
import { agendaCaseSummarySchema, copyCaseSummary, type AgendaCaseSummary } from './caseSummary.js';

/** The target group agenda: built from the area's cases, then edited by the chair before the meeting. */

export const agendaSections = {
  1: 'Apologies',
  2: 'Previous minutes and open actions',
  3: 'New high-risk victims since the last meeting',
  4: 'Cases nominated by officers',
  5: 'Cases at an ASB Case Review threshold',
  6: 'Warnings and ABCs reaching the end of monitoring before the next meeting',
  7: 'Area figures since the last meeting',
  8: 'Any other business',
  9: 'Date of the next meeting',
} as const;
export type AgendaSectionNumber = keyof typeof agendaSections;

export const standingItemIds = {
  apologies: 'apologies',
  previousMinutes: 'previous-minutes',
  anyOtherBusiness: 'any-other-business',
  nextMeeting: 'next-meeting',
} as const;
/** Items the chair cannot drop. */
export const undroppableItemIds: readonly string[] = [standingItemIds.apologies, standingItemIds.previousMinutes, standingItemIds.nextMeeting];

// ---------------------------------------------------------------- inputs

export const openActionSummarySchema = z.object({
  actionId: z.string().min(1),
  what: z.string().min(1),
  ownerName: z.string().min(1),
  agency: z.string().default(''),
  dueDate: localDateSchema,
  caseId: z.string().optional(),
  caseReference: z.string().optional(),
  /** The date of the meeting that agreed it. */
  agreedOn: localDateSchema,
});
export type OpenActionSummary = z.infer<typeof openActionSummarySchema>;

export const nominationSchema = z.object({
  case: agendaCaseSummarySchema,
  reason: z.string().trim().min(1).max(1000),
  nominatedBy: z.object({ id: z.string().optional(), name: z.string().min(1) }),
  nominatedOn: localDateSchema.optional(),
});
export type Nomination = z.infer<typeof nominationSchema>;

export const highRiskCaseSchema = z.object({ case: agendaCaseSummarySchema, assessedOn: localDateSchema });
export type HighRiskCase = z.infer<typeof highRiskCaseSchema>;

export const caseReviewThresholdCaseSchema = z.object({
  case: agendaCaseSummarySchema,
  /** e.g. "3 complaints in 6 months". */
  detail: z.string().min(1),
});
export type CaseReviewThresholdCase = z.infer<typeof caseReviewThresholdCaseSchema>;

export const monitoringEndingSchema = z.object({
  interventionId: z.string().min(1),
  case: agendaCaseSummarySchema,
  /** e.g. 'written warning', 'ABC'. */
  type: z.string().min(1),
  stage: z.string().min(1),
  personInitials: z.string().min(1),
  under18: z.boolean(),
  endsOn: localDateSchema,
});
export type MonitoringEnding = z.infer<typeof monitoringEndingSchema>;

export const areaFiguresSchema = z.object({
  newCases: z.number().int().min(0),
  incidentsByCategory: z.record(z.string(), z.number().int().min(0)),
  warningsByStage: z.record(z.string(), z.object({ under18: z.number().int().min(0), adult: z.number().int().min(0) })),
});
export type AreaFigures = z.infer<typeof areaFiguresSchema>;

export interface AgendaInput {
  /** The meeting this agenda is for. */
  meetingDate: LocalDate;
  lastMeetingDate?: LocalDate | null;
  /** The meeting after this one: the monitoring window ends here and item 9 proposes it. */
  nextMeetingDate: LocalDate;
  openActions: readonly OpenActionSummary[];
  newHighRiskCases: readonly HighRiskCase[];
  nominations: readonly Nomination[];
  caseReviewThresholdCases: readonly CaseReviewThresholdCase[];
  monitoringEndingBeforeNextMeeting: readonly MonitoringEnding[];
  areaFigures: AreaFigures;
}

// ---------------------------------------------------------------- the agenda

export type AgendaItemKind = 'standing' | 'case' | 'action-review' | 'figures' | 'custom';

export type CaseReason =
  | { kind: 'high-risk'; assessedOn: LocalDate }
  | { kind: 'nominated'; reason: string; nominatedBy: string }
  | { kind: 'case-review-threshold'; detail: string }
  | {
      kind: 'monitoring-ending';
      interventionId: string;
      type: string;
      stage: string;
      personInitials: string;
      under18: boolean;
      endsOn: LocalDate;
    };

interface ItemBase {
  id: string;
  section: AgendaSectionNumber;
  title: string;
}
export type AgendaItem =
  | (ItemBase & { kind: 'standing' })
  | (ItemBase & { kind: 'case'; caseId: string; case: AgendaCaseSummary; reasons: CaseReason[] })
  | (ItemBase & { kind: 'action-review'; action: OpenActionSummary; caseId?: string })
  | (ItemBase & { kind: 'figures'; figures: AreaFigures; since: LocalDate | null })
  | (ItemBase & { kind: 'custom'; caseId?: string; detail?: string });

export interface Agenda {
  meetingDate: LocalDate;
  lastMeetingDate: LocalDate | null;
  nextMeetingDate: LocalDate;
  items: AgendaItem[];
  /** An agenda of its own shape (an ASB Case Review): its sections in order, instead of the target group's 1–9. */
  sectionTitles?: Partial<Record<AgendaSectionNumber, string>>;
}

/** The heading of a section on this agenda. */
export function sectionTitleOf(agenda: Pick<Agenda, 'sectionTitles'>, section: AgendaSectionNumber): string {
  return agenda.sectionTitles?.[section] ?? agendaSections[section];
}

/**
 * The names free text about an item must not show in a shared space: the people of the case the item is about,
 * when that case is on the agenda (a case item, or another item naming its case).
 */
export function peopleNamedBy(agenda: Pick<Agenda, 'items'>, item: AgendaItem): { caseId: string; names: string[] } | undefined {
  const caseId = item.kind === 'case' ? item.caseId : 'caseId' in item ? item.caseId : undefined;
  if (!caseId) return undefined;
  const caseItem = item.kind === 'case' ? item : agenda.items.find((i): i is Extract<AgendaItem, { kind: 'case' }> => i.kind === 'case' && i.caseId === caseId);
  return caseItem ? { caseId, names: (caseItem.case.people ?? []).map((p) => p.name) } : undefined;
}

export function describeReason(reason: CaseReason): string {
  switch (reason.kind) {
    case 'high-risk':
      return `New high-risk victim (assessed ${describeDate(reason.assessedOn)})`;
    case 'nominated':
      return `Nominated by ${reason.nominatedBy}: ${reason.reason}`;
    case 'case-review-threshold':
      return `ASB Case Review threshold: ${reason.detail}`;
    case 'monitoring-ending':
      return `${reason.type} (${reason.stage}) for ${reason.personInitials}, ${reason.under18 ? 'under 18' : 'adult'}: monitoring ends ${describeDate(reason.endsOn)}`;
  }
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Builds the agenda in the fixed section order; a case listed for several reasons appears once. */
export function buildAgenda(input: AgendaInput): Agenda {
  const since = input.lastMeetingDate ?? null;
  const items: AgendaItem[] = [];
  const standing = (id: string, section: AgendaSectionNumber, title: string = agendaSections[section]): void => {
    items.push({ id, section, kind: 'standing', title });
  };

  standing(standingItemIds.apologies, 1);
  standing(standingItemIds.previousMinutes, 2, since ? `Minutes of the meeting on ${describeDate(since)}` : 'Previous minutes');
  const actions = [...input.openActions].sort(
    (a, b) => byText(a.dueDate, b.dueDate) || byText(a.agreedOn, b.agreedOn) || byText(a.actionId, b.actionId),
  );
  for (const action of actions) {
    items.push({
      id: `action:${action.actionId}`,
      section: 2,
      kind: 'action-review',
      title: `Action: ${action.what} (${action.ownerName}${action.agency && action.agency !== action.ownerName ? `, ${action.agency}` : ''}; due ${describeDate(action.dueDate)})`,
      action: { ...action },
      ...(action.caseId ? { caseId: action.caseId } : {}),
    });
  }

  // One item per case, placed in the first section that applies; later reasons are appended to it.
  const caseItems = new Map<string, Extract<AgendaItem, { kind: 'case' }>>();
  const addCases = <T>(
    section: AgendaSectionNumber,
    entries: readonly T[],
    caseOf: (e: T) => AgendaCaseSummary,
    reasonOf: (e: T) => CaseReason,
    sortKey: (e: T) => string,
  ): void => {
    const sorted = [...entries].sort((a, b) => byText(sortKey(a), sortKey(b)));
    for (const entry of sorted) {
      const c = caseOf(entry);
      const existing = caseItems.get(c.caseId);
      if (existing) {
        existing.reasons.push(reasonOf(entry));
        continue;
      }
      const item: Extract<AgendaItem, { kind: 'case' }> = {
        id: `case:${c.caseId}`,
        section,
        kind: 'case',
        title: `${c.reference} (${c.area}, ${c.riskLevel ? `${c.riskLevel} risk` : 'risk not assessed'})`,
        caseId: c.caseId,
        case: copyCaseSummary(c),
        reasons: [reasonOf(entry)],
      };
      caseItems.set(c.caseId, item);
      items.push(item);
    }
  };

  addCases(
    3,
    input.newHighRiskCases.filter((h) => since === null || h.assessedOn > since),
    (h) => h.case,
    (h) => ({ kind: 'high-risk', assessedOn: h.assessedOn }),
    (h) => `${h.assessedOn}|${h.case.reference}`,
  );
  addCases(
    4,
    input.nominations,
    (n) => n.case,
    (n) => ({ kind: 'nominated', reason: n.reason, nominatedBy: n.nominatedBy.name }),
    (n) => `${n.nominatedOn ?? ''}|${n.case.reference}`,
  );
  addCases(
    5,
    input.caseReviewThresholdCases,
    (c) => c.case,
    (c) => ({ kind: 'case-review-threshold', detail: c.detail }),
    (c) => c.case.reference,
  );
  addCases(
    6,
    input.monitoringEndingBeforeNextMeeting.filter((m) => m.endsOn < input.nextMeetingDate),
    (m) => m.case,
    (m) => ({
      kind: 'monitoring-ending',
      interventionId: m.interventionId,
      type: m.type,
      stage: m.stage,
      personInitials: m.personInitials,
      under18: m.under18,
      endsOn: m.endsOn,
    }),
    (m) => `${m.endsOn}|${m.case.reference}|${m.interventionId}`,
  );

  items.push({ id: 'area-figures', section: 7, kind: 'figures', title: agendaSections[7], figures: input.areaFigures, since });
  standing(standingItemIds.anyOtherBusiness, 8);
  standing(standingItemIds.nextMeeting, 9, `Date of the next meeting: ${describeDate(input.nextMeetingDate)}`);

  return { meetingDate: input.meetingDate, lastMeetingDate: since, nextMeetingDate: input.nextMeetingDate, items };
}

// ---------------------------------------------------------------- the chair's edits

export type AgendaEditResult =
  | { ok: true; agenda: Agenda }
  | { ok: false; reason: 'not-found' | 'cannot-drop' | 'cannot-move' | 'bad-position' | 'case-already-listed' | 'empty-title' };

const pinnedFirst = standingItemIds.apologies;
const pinnedLast = standingItemIds.nextMeeting;

/** Moves an item to a new position. Apologies stay first and the next meeting date stays last. */
export function reorderItem(agenda: Agenda, itemId: string, toIndex: number): AgendaEditResult {
  const from = agenda.items.findIndex((i) => i.id === itemId);
  if (from < 0) return { ok: false, reason: 'not-found' };
  if (itemId === pinnedFirst || itemId === pinnedLast) return { ok: false, reason: 'cannot-move' };
  const items = agenda.items.filter((i) => i.id !== itemId);
  const firstAllowed = items[0]?.id === pinnedFirst ? 1 : 0;
  const lastAllowed = items[items.length - 1]?.id === pinnedLast ? items.length - 1 : items.length;
  if (!Number.isInteger(toIndex) || toIndex < firstAllowed || toIndex > lastAllowed) return { ok: false, reason: 'bad-position' };
  // A moved item joins the section of the item whose place it takes, so sections stay in order and the numbering stays one.
  const section = agenda.items[toIndex]?.section ?? agenda.items[from].section;
  items.splice(toIndex, 0, { ...agenda.items[from], section });
  return { ok: true, agenda: { ...agenda, items } };
}

export function dropItem(agenda: Agenda, itemId: string): AgendaEditResult {
  if (!agenda.items.some((i) => i.id === itemId)) return { ok: false, reason: 'not-found' };
  if (undroppableItemIds.includes(itemId)) return { ok: false, reason: 'cannot-drop' };
  return { ok: true, agenda: { ...agenda, items: agenda.items.filter((i) => i.id !== itemId) } };
}

export interface NewAgendaItem {
  title: string;
  detail?: string;
  caseId?: string;
  /** Where to put it; by default just before Any other business. */
  beforeItemId?: string;
}

/** Adds a chair's own item. Its id is derived from the agenda, so the function stays pure. */
export function addItem(agenda: Agenda, item: NewAgendaItem): AgendaEditResult {
  const title = item.title.trim();
  if (title === '') return { ok: false, reason: 'empty-title' };
  if (item.caseId && agenda.items.some((i) => i.kind === 'case' && i.caseId === item.caseId)) {
    return { ok: false, reason: 'case-already-listed' };
  }
  const beforeId = item.beforeItemId ?? standingItemIds.anyOtherBusiness;
  let at = agenda.items.findIndex((i) => i.id === beforeId);
  if (at < 0 && item.beforeItemId === undefined) at = agenda.items.findIndex((i) => i.id === pinnedLast);
  // An agenda of its own sections with neither (an ASB Case Review's before it had Any other business): at the end.
  if (at < 0 && item.beforeItemId === undefined && agenda.sectionTitles) at = agenda.items.length;
  if (at < 0) return { ok: false, reason: 'not-found' };
  if (agenda.items[at]?.id === pinnedFirst) return { ok: false, reason: 'bad-position' };
  // By default in the section of Any other business (8 on a target group's agenda; the last of an agenda of its own).
  const aob = agenda.items[at]?.id === standingItemIds.anyOtherBusiness;
  const byDefault = aob ? agenda.items[at].section : agenda.sectionTitles ? (agenda.items[at - 1]?.section ?? 8) : 8;
  const section: AgendaSectionNumber = item.beforeItemId === undefined ? byDefault : (agenda.items[at - 1]?.section ?? 8);
  const used = new Set(agenda.items.map((i) => i.id));
  let n = 1;
  while (used.has(`custom:${n}`)) n++;
  const added: AgendaItem = {
    id: `custom:${n}`,
    section,
    kind: 'custom',
    title,
    ...(item.detail ? { detail: item.detail } : {}),
    ...(item.caseId ? { caseId: item.caseId } : {}),
  };
  const items = [...agenda.items];
  items.splice(at, 0, added);
  return { ok: true, agenda: { ...agenda, items } };
}

export interface NumberedItem {
  item: AgendaItem;
  /** Position in agenda.items (the order the meeting walks). */
  index: number;
  /** '1', '3.2': the one numbering of the card, the minutes and the .docx. */
  number: string;
}
export interface OutlineSection {
  section: AgendaSectionNumber;
  number: string;
  heading: string;
  items: NumberedItem[];
}

const sectionNumbers = (agenda: Pick<Agenda, 'sectionTitles'>) => Object.keys(agenda.sectionTitles ?? agendaSections).map(Number).sort((a, b) => a - b) as AgendaSectionNumber[];

/**
 * Every section (1–9 for a target group) in order (an empty one too, so the numbers never skip), with its items as 3.1, 3.2…
 * A section holding just its own standing item (Apologies, Area figures) is numbered once, as "1".
 */
export function agendaOutline(agenda: Agenda): OutlineSection[] {
  return sectionNumbers(agenda).map((section) => {
    const inSection = agenda.items.flatMap((item, index) => (item.section === section ? [{ item, index }] : []));
    const single = inSection.length === 1 && (inSection[0]!.item.kind === 'standing' || inSection[0]!.item.kind === 'figures');
    return {
      section,
      number: String(section),
      heading: sectionTitleOf(agenda, section),
      items: inSection.map((entry, k) => ({ ...entry, number: single ? String(section) : `${section}.${k + 1}` })),
    };
  });
}

/** The number of each item, by its position in agenda.items. */
export function itemNumbers(agenda: Agenda): string[] {
  const numbers: string[] = [];
  for (const section of agendaOutline(agenda)) for (const entry of section.items) numbers[entry.index] = entry.number;
  return numbers;
}
