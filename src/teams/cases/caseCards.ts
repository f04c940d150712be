/** The case card (the hub of a case), the list of cases, and the full incident list, as Adaptive Cards. */
import { areaName, wardName, type Area } from '../../domain/cases/areas.js';
import type { Case } from '../../domain/cases/case.js';
import { categoryLabel } from '../../domain/cases/categories.js';
import { closureReasonLabel } from '../../domain/cases/closure.js';
import { evidenceLabel } from '../../domain/cases/evidence.js';
import type { Incident } from '../../domain/cases/incident.js';
import { caseFormFields as f } from '../../domain/cases/inputs.js';
import { under18Status, tenureLabel } from '../../domain/cases/people.js';
import { statusLabels } from '../../domain/cases/status.js';
import { caseSummaryOf } from '../../domain/privacy/summary.js';
import type { CaseDeadline, CaseGroupAction, CaseView } from '../../services/caseFile.js';
import { actionSet, card, container, execute, facts, heading, note, subheading, text, warning, type Element } from '../cardKit.js';
import { longDate } from '../risk/dueDates.js';
import { InterventionVerbs } from '../interventions/verbs.js';
import { caseRiskLines } from '../risk/reviewCards.js';
import { MeetingVerbs } from '../meetings/verbs.js';
import { RiskVerbs } from '../risk/verbs.js';
import { LetterVerbs } from '../letters/verbs.js';
import { VisitVerbs } from '../visits/verbs.js';
import { CaseReviewVerbs } from '../caseReview/verbs.js';
import { sharingBlock } from './shareCards.js';
import { CaseVerbs } from './verbs.js';
import { londonDate, type LocalDate } from '../../domain/calendar/localDate.js';
import { deadlineRow, deadlineRows, type RowOrigin } from '../reminders/rows.js';

const londonDateTime = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const londonDay = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' });
export const INCIDENTS_PER_PAGE = 10;
const DESCRIPTION_PREVIEW = 280;

const preview = (textValue: string) => (textValue.length > DESCRIPTION_PREVIEW ? `${textValue.slice(0, DESCRIPTION_PREVIEW - 1)}…` : textValue);

function incidentBlock(incident: Incident, current: Case): Element {
  const reporter = current.victims.find((v) => v.id === incident.reportedBy.personId)?.name ?? incident.reportedBy.name ?? '';
  const evidence = incident.evidence.length > 0 ? ` · Evidence: ${incident.evidence.map(evidenceLabel).join(', ')}` : '';
  return container(
    [
      text(`**${londonDateTime.format(incident.occurredAt)}** · ${incident.categories.map(categoryLabel).join(', ')}`),
      text(preview(incident.description), { spacing: 'None' }),
      note(`Reported by ${reporter}${evidence}`),
    ],
    { separator: true },
  );
}

function caseReviewBanner(view: CaseView): Element[] {
  const top = view.caseReview[0];
  if (!top || top.level === 'none') return [];
  const since = londonDay.format(top.windowStart);
  return top.level === 'threshold'
    ? [warning(`Case Review threshold met: ${top.victimName} has reported ${top.count} incidents since ${since}. Tell them they can ask for an ASB Case Review.`)]
    : [text(`${top.victimName} has reported ${top.count} incidents since ${since}: explain the ASB Case Review to them.`, { color: 'Warning' })];
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
      const marks = [age === 'yes' ? '**under 18**' : age === 'unknown' ? 'age unknown' : '', tenureLabel(person.tenure)].filter(Boolean);
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

function caseActions(current: Case): Element[] {
  const ids = { [f.caseId]: current.id, [f.version]: String(current.version) };
  if (current.status === 'closed') {
    return [execute('Reopen', CaseVerbs.reopenForm, ids), execute('Add note', CaseVerbs.noteForm, ids), execute('Letter', LetterVerbs.form, { [f.caseId]: current.id })];
  }
  return [
    execute('Log incident', CaseVerbs.incidentForm, ids, { style: 'positive' }),
    execute('Add note', CaseVerbs.noteForm, ids),
    execute('Risk assessment', RiskVerbs.form, { [f.caseId]: current.id }),
    execute('Add intervention', InterventionVerbs.form, { [f.caseId]: current.id }),
    execute('Close', CaseVerbs.closeForm, ids),
  ];
}

/** Less frequent changes, in the body so the card's own action bar stays within Teams' limit. */
function manageActions(current: Case): Element[] {
  if (current.status === 'closed') return [];
  const ids = { [f.caseId]: current.id, [f.version]: String(current.version) };
  return [
    actionSet([
      execute('Add person', CaseVerbs.personForm, ids),
      execute('Change status', CaseVerbs.statusForm, ids),
      execute('Assign to…', CaseVerbs.assignForm, ids),
      execute('Nominate for target group', MeetingVerbs.nominateForm, { [f.caseId]: current.id }),
      execute('Record visit', VisitVerbs.form, { [f.caseId]: current.id }),
      execute('Letter', LetterVerbs.form, { [f.caseId]: current.id }),
    ]),
    actionSet([execute('ASB Case Review application', CaseReviewVerbs.applicationForm, { [f.caseId]: current.id })]),
  ];
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
      ['Location', [current.location.address, current.location.place, current.location.postcode].filter(Boolean).join(', ')],
      ['Police refs', current.policeReferences.join(', ')],
      ['Closed', current.closure ? `${londonDay.format(current.closure.closedAt)}: ${closureReasonLabel(current.closure)}` : ''],
    ]),
    ...peopleBlocks(current, options.now),
    subheading(`Incidents (${view.incidentCount})`),
    ...(view.recentIncidents.length > 0 ? view.recentIncidents.map((incident) => incidentBlock(incident, current)) : [note('No incidents logged yet.')]),
    subheading('Next deadlines'),
    ...deadlineLines(view.deadlines ?? [], today, 'case'),
    ...(current.status === 'closed' ? [] : [actionSet([execute('Deadlines', CaseVerbs.deadlines, { [f.caseId]: current.id })])]),
    ...groupActionLines(view.groupActions ?? []),
  ];
  body.push(...manageActions(current));
  body.push(...sharingBlock(view));
  const actions = caseActions(current);
  if (view.incidentCount > view.recentIncidents.length) {
    body.push({ type: 'ActionSet', actions: [execute(`Show all ${view.incidentCount} incidents`, CaseVerbs.incidents, { [f.caseId]: current.id, page: '0' })] });
  }
  return card(body, actions);
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
}

const summaryPeople = (c: Case) => {
  const people = caseSummaryOf(c).people.map((p) => `${p.role} ${p.initials}`).join(', ');
  return people ? ` · ${people}` : '';
};

export function caseListCard(cases: Case[], options: CaseListCardOptions): Element {
  const rows = cases.map((c) =>
    container(
      [
        text(`**${c.reference}** · ${statusLabels[c.status]} · ${areaName(options.areas, c.area)}`),
        // Where others can read the list, a row is the case summary: no names.
        note(`${c.categories.map(categoryLabel).join(', ')}${options.shared ? summaryPeople(c) : c.victims[0] ? ` · ${c.victims[0].name}` : ''}`),
        ...(options.overdue?.has(c.id) ? [text('Overdue deadline', { color: 'Attention', size: 'Small', spacing: 'None' })] : []),
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
