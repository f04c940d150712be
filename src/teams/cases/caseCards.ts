/** The case card (the hub of a case), the list of cases, and the full incident list, as Adaptive Cards. */
import { areaName, wardName, type Area } from '../../domain/cases/areas.js';
import type { Case } from '../../domain/cases/case.js';
import { categoryLabel } from '../../domain/cases/categories.js';
import { closureReasonLabel } from '../../domain/cases/closure.js';
import { evidenceLabel } from '../../domain/cases/evidence.js';
import type { Incident } from '../../domain/cases/incident.js';
import { caseFormFields as f } from '../../domain/cases/inputs.js';
import { sourceLabel } from '../../domain/cases/sources.js';
import { under18Status, tenureLabel } from '../../domain/cases/people.js';
import { statusLabels } from '../../domain/cases/status.js';
import { caseSummaryOf } from '../../domain/privacy/summary.js';
import type { CaseDeadline, CaseGroupAction, CaseView } from '../../services/caseFile.js';
import type { CaseNote } from '../../domain/cases/notes.js';
import { actionSet, callout, card, container, execute, facts, heading, note, secondary, subheading, text, type Element } from '../cardKit.js';
import { dateTimeText, dayText, longDate } from '../../domain/calendar/format.js';
import { InterventionVerbs } from '../interventions/verbs.js';
import { caseRiskLines } from '../risk/reviewCards.js';
import { MeetingVerbs } from '../meetings/verbs.js';
import { RiskVerbs } from '../risk/verbs.js';
import { LetterVerbs } from '../letters/verbs.js';
import { VisitVerbs } from '../visits/verbs.js';
import { CaseReviewVerbs } from '../caseReview/verbs.js';
import { shareAction, sharingBlock } from './shareCards.js';
import { CaseVerbs } from './verbs.js';
import { londonDate, type LocalDate } from '../../domain/calendar/localDate.js';
import { deadlineRow, deadlineRows, type RowOrigin } from '../reminders/rows.js';

export const INCIDENTS_PER_PAGE = 10;
const DESCRIPTION_PREVIEW = 280;

const preview = (textValue: string) => (textValue.length > DESCRIPTION_PREVIEW ? `${textValue.slice(0, DESCRIPTION_PREVIEW - 1)}…` : textValue);

/**
 * Who reported an incident, and as what: "Alice Smith (victim)", "Sam Jones (third party for Alice Smith, with
 * their consent)", "An agency, for Alice Smith". Kept apart from the case's "How it was reported" (phone,
 * online…): how the case came in.
 */
function reporterText(incident: Incident, current: Case): string {
  const { personId, name, role, victimConsented } = incident.reportedBy;
  const victim = current.victims.find((v) => v.id === personId);
  const forVictim = victim ? ` for ${victim.name}` : '';
  // The victim's name is who it was for, never the agency's name.
  if (role === 'agency') return name && name !== victim?.name ? `${name} (an agency${forVictim})` : `An agency${victim ? `, for ${victim.name}` : ''}`;
  if (role === 'third-party') return `${name ?? 'A third party'} (third party${forVictim}, ${victimConsented ? 'with' : 'without'} their consent)`;
  return victim ? `${victim.name} (victim)` : name ?? 'Not recorded';
}

function incidentBlock(incident: Incident, current: Case): Element {
  const evidence = incident.evidence.length > 0 ? ` · Evidence: ${incident.evidence.map(evidenceLabel).join(', ')}` : '';
  return container(
    [
      text(`**${dateTimeText(incident.occurredAt)}** · ${incident.categories.map(categoryLabel).join(', ')}`),
      text(preview(incident.description), { spacing: 'None' }),
      note(`Reported by: ${reporterText(incident, current)}${evidence}`),
    ],
    { separator: true },
  );
}

function caseReviewBanner(view: CaseView): Element[] {
  const top = view.caseReview[0];
  if (!top || top.level === 'none') return [];
  const since = dayText(top.windowStart);
  return top.level === 'threshold'
    ? [callout(`Case Review threshold met: ${top.victimName} has reported ${top.count} incidents since ${since}. Tell them they can ask for an ASB Case Review.`, 'attention')]
    : [callout(`${top.victimName} has reported ${top.count} incidents since ${since}: explain the ASB Case Review to them.`, 'warning')];
}

function peopleBlocks(current: Case, now: Date): Element[] {
  const blocks: Element[] = [];
  if (current.victims.length > 0) {
    blocks.push(subheading('Victims and complainants'));
    for (const victim of current.victims) {
      const marks = [victim.under18 ? 'under 18' : '', victim.consentToShare.given ? 'consents to sharing' : 'no consent to share'].filter(Boolean);
      blocks.push(text(`${victim.name} (${marks.join(', ')})`, { spacing: 'Small' }));
    }
  }
  if (current.perpetrators.length > 0) {
    blocks.push(subheading('Alleged perpetrators'));
    for (const person of current.perpetrators) {
      const age = under18Status(person, now);
      // An unset tenure says nothing, so it is left out.
      const marks = [age === 'yes' ? '**under 18**' : age === 'unknown' ? 'age unknown' : '', person.tenure && person.tenure !== 'unknown' ? tenureLabel(person.tenure) : ''].filter(Boolean);
      blocks.push(text(`${person.name} (${marks.join(', ')})`, { spacing: 'Small' }));
    }
  }
  if (current.witnesses.length > 0) {
    blocks.push(subheading('Witnesses'), text(current.witnesses.map((w) => w.name).join(', '), { spacing: 'Small' }));
  }
  return blocks;
}

/** Rows on the case's Deadlines card, so that it stays within Teams' 28 KB card limit. */
const DEADLINE_ROWS = 20;

/** The case's deadlines, one row each with Done and Snooze (src/teams/reminders/rows.ts). */
function deadlineLines(deadlines: readonly CaseDeadline[], today: LocalDate, from: RowOrigin): Element[] {
  if (deadlines.length === 0) return [note('No deadlines yet.')];
  return deadlineRows(deadlines, { today, from }, DEADLINE_ROWS);
}

/** Open target group actions on the case; nothing when there are none. */
function groupActionLines(actions: readonly CaseGroupAction[]): Element[] {
  if (actions.length === 0) return [];
  return [subheading('Target group actions'), ...actions.map((a) => text(`${a.what}: ${a.owner}, due ${longDate(a.due)}`, { spacing: 'Small' }))];
}

/** Every deadline of the case (every open reminder stored for it), from the "Deadlines" button. */
export function deadlineListCard(current: Case, deadlines: readonly CaseDeadline[], today: LocalDate, banner?: string): Element {
  return card(
    [
      ...(banner ? [text(banner, { color: 'Good', weight: 'Bolder' })] : []),
      heading(`${current.reference}: deadlines`),
      note('Everything still to do on this case, earliest first.'),
      ...deadlineLines(deadlines, today, 'case-deadlines'),
    ],
    [execute('Back to case', CaseVerbs.show, { [f.caseId]: current.id })],
  );
}

/**
 * Four everyday buttons; everything else is in the overflow menu ("…"), with closing and reopening last and
 * apart. Their button opens a form that asks why and confirms, so nothing closes on one press.
 */
function caseActions(current: Case, more: Element[] = []): Element[] {
  const ids = { [f.caseId]: current.id, [f.version]: String(current.version) };
  const caseId = { [f.caseId]: current.id };
  if (current.status === 'closed') {
    return [execute('Add note', CaseVerbs.noteForm, ids), execute('Letter', LetterVerbs.form, caseId), secondary(execute('Reopen', CaseVerbs.reopenForm, ids))];
  }
  return [
    execute('Log incident', CaseVerbs.incidentForm, ids, { style: 'positive' }),
    execute('Risk assessment', RiskVerbs.form, caseId),
    execute('Add note', CaseVerbs.noteForm, ids),
    execute('Deadlines', CaseVerbs.deadlines, caseId),
    ...[
      execute('Add intervention', InterventionVerbs.form, caseId),
      execute('Record visit', VisitVerbs.form, caseId),
      execute('Add person', CaseVerbs.personForm, ids),
      execute('Change status', CaseVerbs.statusForm, ids),
      execute('Assign to…', CaseVerbs.assignForm, ids),
      execute('Nominate for target group', MeetingVerbs.nominateForm, caseId),
      execute('Letter', LetterVerbs.form, caseId),
      execute('ASB Case Review application', CaseReviewVerbs.applicationForm, caseId),
      ...more,
      execute('Close', CaseVerbs.closeForm, ids, { style: 'destructive' }),
    ].map(secondary),
  ];
}


function noteBlock(n: CaseNote): Element {
  return container([text(preview(n.text), { spacing: 'None' }), note(`${n.authorName ?? 'Officer'}, ${dateTimeText(n.at)}${n.correctsNoteId ? ' · correction' : ''}`)], { separator: true });
}

/** The latest notes, and "All notes" when there are more. */
function noteBlocks(view: CaseView): Element[] {
  const notes = view.recentNotes ?? [];
  return [
    subheading('Notes'),
    ...(notes.length > 0 ? notes.map(noteBlock) : [note('No notes yet.')]),
    ...(view.moreNotes ? [actionSet([execute('All notes', CaseVerbs.notes, { [f.caseId]: view.case.id, page: '0' })])] : []),
  ];
}

export const NOTES_PER_PAGE = 10;

/** Every note on the case, newest first, a page at a time. */
export function noteListCard(current: Case, notes: readonly CaseNote[], page: number): Element {
  const pages = Math.max(1, Math.ceil(notes.length / NOTES_PER_PAGE));
  const at = Math.min(page, pages - 1);
  const nav: Element[] = [];
  if (at > 0) nav.push(execute('Newer', CaseVerbs.notes, { [f.caseId]: current.id, page: String(at - 1) }));
  if (at + 1 < pages) nav.push(execute('Older', CaseVerbs.notes, { [f.caseId]: current.id, page: String(at + 1) }));
  const shown = notes.slice(at * NOTES_PER_PAGE, (at + 1) * NOTES_PER_PAGE);
  return card(
    [heading(`${current.reference}: notes`), note(notes.length === 0 ? 'No notes yet.' : `Page ${at + 1} of ${pages}, newest first`), ...shown.map(noteBlock)],
    [...nav, execute('Back to case', CaseVerbs.show, { [f.caseId]: current.id })],
  );
}

export interface CaseCardOptions {
  areas: readonly Area[];
  now: Date;
  /** A line above the card, e.g. "Case opened" or why the change was not saved. */
  banner?: Element;
  /** The deadline a reminder's "Open case" came from: shown first, with its Done and Snooze. */
  focus?: CaseDeadline;
}

function focusBlock(focus: CaseDeadline, today: LocalDate): Element[] {
  return [container([text('From your reminder', { weight: 'Bolder' }), deadlineRow(focus, { today, from: 'case' })], { style: 'emphasis' })];
}

export function caseCard(view: CaseView, options: CaseCardOptions): Element {
  const current = view.case;
  const today = londonDate(options.now);
  const body: Element[] = [
    ...(options.banner ? [options.banner] : []),
    ...(options.focus ? focusBlock(options.focus, today) : []),
    heading(current.reference),
    text(`**${statusLabels[current.status]}** · Risk: ${current.riskLevel ? current.riskLevel : 'not assessed yet'}`, { spacing: 'None' }),
    ...caseReviewBanner(view),
    ...caseRiskLines(current, view.risk ?? []),
    facts([
      ['Officer', current.ownerName],
      ['Area', `${areaName(options.areas, current.area)}, ${wardName(options.areas, current.area, current.ward)}`],
      ['Categories', current.categories.map(categoryLabel).join(', ')],
      ['How it was reported', sourceLabel(current.source)],
      ['Location', [current.location.address, current.location.place, current.location.postcode].filter(Boolean).join(', ')],
      ['Police refs', current.policeReferences.join(', ')],
      ['Closed', current.closure ? `${dayText(current.closure.closedAt)}: ${closureReasonLabel(current.closure)}` : ''],
    ]),
    ...peopleBlocks(current, options.now),
    subheading(`Incidents (${view.incidentCount})`),
    ...(view.recentIncidents.length > 0 ? view.recentIncidents.map((incident) => incidentBlock(incident, current)) : [note('No incidents logged yet.')]),
    ...(view.incidentCount > view.recentIncidents.length ? [actionSet([execute(`Show all ${view.incidentCount} incidents`, CaseVerbs.incidents, { [f.caseId]: current.id, page: '0' })])] : []),
    subheading('Next deadlines'),
    ...deadlineLines(view.deadlines ?? [], today, 'case'),
    ...groupActionLines(view.groupActions ?? []),
    ...noteBlocks(view),
  ];
  body.push(...sharingBlock(view));
  return card(body, caseActions(current, shareAction(view)));
}

export function incidentListCard(current: Case, incidents: Incident[], page: number): Element {
  const pages = Math.max(1, Math.ceil(incidents.length / INCIDENTS_PER_PAGE));
  const shown = incidents.slice(page * INCIDENTS_PER_PAGE, (page + 1) * INCIDENTS_PER_PAGE);
  const nav: Element[] = [];
  if (page > 0) nav.push(execute('Newer', CaseVerbs.incidents, { [f.caseId]: current.id, page: String(page - 1) }));
  if (page + 1 < pages) nav.push(execute('Older', CaseVerbs.incidents, { [f.caseId]: current.id, page: String(page + 1) }));
  return card(
    [heading(`${current.reference}: incidents`), note(`Page ${page + 1} of ${pages}, newest first`), ...shown.map((incident) => incidentBlock(incident, current))],
    [...nav, execute('Back to case', CaseVerbs.show, { [f.caseId]: current.id })],
  );
}

export interface CaseListCardOptions {
  title: string;
  total: number;
  page: number;
  pageSize: number;
  /** Data carried by the paging buttons so the same list is paged. */
  query: Record<string, string>;
  areas: readonly Area[];
  emptyText: string;
  /** Shown between the title and the rows, e.g. filters. */
  header?: Element[];
  /** Posted where others can read it (group chat, channel): rows show initials, never names. */
  shared?: boolean;
  /** Ids of listed cases with an overdue deadline: marked in red. */
  overdue?: ReadonlySet<string>;
  /** Each listed case's next deadline, shown on its row. */
  nextDeadlines?: ReadonlyMap<string, CaseDeadline>;
}

const riskText = (c: Case) => (c.riskLevel ? `${c.riskLevel === 'high' ? '**High risk**' : `${c.riskLevel[0]!.toUpperCase()}${c.riskLevel.slice(1)} risk`}` : 'Risk not assessed');

/** The row's next deadline; where others read the list, its date only (a label can name a person). */
function nextDeadlineLine(deadline: CaseDeadline | undefined, overdue: boolean, shared: boolean): Element[] {
  if (!deadline) return overdue ? [text('Overdue deadline', { color: 'Attention', size: 'Small', spacing: 'None' })] : [];
  const what = shared ? '' : `: ${deadline.label}`;
  return overdue
    ? [text(`Overdue deadline: ${longDate(deadline.dueDate)}${what}`, { color: 'Attention', size: 'Small', spacing: 'None' })]
    : [note(`Next deadline ${longDate(deadline.dueDate)}${what}`)];
}

const summaryPeople = (c: Case) => {
  const people = caseSummaryOf(c).people.map((p) => `${p.role} ${p.initials}`).join(', ');
  return people ? ` · ${people}` : '';
};

export function caseListCard(cases: Case[], options: CaseListCardOptions): Element {
  const rows = cases.map((c) =>
    container(
      [
        text(`**${c.reference}** · ${riskText(c)} · ${statusLabels[c.status]} · ${areaName(options.areas, c.area)}`),
        // Where others can read the list, a row is the case summary: no names.
        note(`${c.categories.map(categoryLabel).join(', ')}${options.shared ? summaryPeople(c) : c.victims[0] ? ` · ${c.victims[0].name}` : ''}`),
        ...nextDeadlineLine(options.nextDeadlines?.get(c.id), options.overdue?.has(c.id) ?? false, options.shared ?? false),
      ],
      { separator: true, selectAction: execute(`Open ${c.reference}`, CaseVerbs.show, { [f.caseId]: c.id }) },
    ),
  );
  const last = Math.max(0, Math.ceil(options.total / options.pageSize) - 1);
  const nav: Element[] = [];
  // Paging keeps the query the list was made with, whatever the inputs show now.
  const pageTo = (title: string, page: number) => execute(title, CaseVerbs.list, { ...options.query, page: String(page) }, { associatedInputs: 'none' });
  if (options.page > 0) nav.push(pageTo('Previous', options.page - 1));
  if (options.page < last) nav.push(pageTo('Next', options.page + 1));
  const shownFrom = options.total === 0 ? 0 : options.page * options.pageSize + 1;
  return card(
    [
      heading(options.title),
      ...(options.header ?? []),
      note(options.total === 0 ? options.emptyText : `${shownFrom}–${shownFrom + cases.length - 1} of ${options.total}`),
      ...rows,
    ],
    nav,
  );
}

/** A one-line answer as a card, e.g. a refusal, so an invoke can replace the clicked card with it. */
export function messageCard(message: string, actions: Element[] = []): Element {
  return card([text(message)], actions);
}
