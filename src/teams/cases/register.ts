/**
 * Cases in Teams: the text commands (`new case`, `case <ref>`, `log incident <ref>`, `my cases`, `find <text>`)
 * and the card buttons. Each handler parses the card data with the domain's form schema, calls the case
 * file, and answers with a card; a button's answer replaces the card that was clicked.
 */
import { defaultCaseListOrder } from '../../domain/cases/caseOrder.js';
import { wardsMatching } from '../../domain/cases/wardSearch.js';
import type { AdaptiveCard } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import type { Deps } from '../../deps.js';
import { ACCESS_REFUSED_MESSAGE, EDIT_REFUSED_MESSAGE } from '../../domain/access/policy.js';
import type { Area } from '../../domain/cases/areas.js';
import type { Case, PersonToAdd } from '../../domain/cases/case.js';
import { parseForm, type FormResult } from '../../domain/cases/forms.js';
import {
  addPersonFormSchema, caseFormFields as f, closeCaseFormSchema, fieldForStatusRefusal, incidentFormSchema, newCaseFormSchema, noteFormSchema,
  reopenCaseFormSchema, changeStatusFormSchema,
} from '../../domain/cases/inputs.js';
import { firstIncidentOf } from '../../domain/cases/incident.js';
import { consequencesOf } from '../../domain/risk/riskAssessment.js';
import type { CaseDeadline, CaseFile, CaseView, Officer, Outcome, Refusal } from '../../services/caseFile.js';
import { inSharedSpace, tenantIdOf } from '../activityContext.js';
import type { AssistantApp } from '../app.js';
import { onCommand, onExecute, onSearch, type Need } from '../routes.js';
import { asCard, formState, attach, container, text, warning, type CardData, type Element, type FormState } from '../cardKit.js';
import { reassessPrompt } from '../risk/reviewCards.js';
import { Verbs } from '../verbs.js';
import { caseCard, caseListCard, deadlineListCard, incidentListCard, messageCard, noteListCard } from './caseCards.js';
import { auditTrailCard } from './auditCard.js';
import { caseSummaryCard, SHARED_SPACE_NOTE, SUMMARY_SHARE_NOTE } from './summaryCards.js';
import {
  addPersonFormCard, ASSIGN_TO, assignFormCard, closeFormCard, duplicatesCard, incidentFormCard, newCaseFormCard, noteFormCard, reopenFormCard,
  statusFormCard,
} from './formCards.js';
import { filterFor, myCasesFilters, myCasesQuerySchema, myCasesTitle, queryValues, type MyCasesQuery } from './myCases.js';
import { CaseVerbs, WARD_DATASET } from './verbs.js';
import { teamsRoster } from '../roster.js';
import { partnerActions, readOnlyCaseCard } from './partnerCards.js';
import { registerSharing } from './sharing.js';
import { reminderFields } from '../reminders/verbs.js';
import { londonDate } from '../../domain/calendar/localDate.js';

const PAGE_SIZE = 10;
const AUDIT_PAGE_SIZE = 20;
/** A group chat or channel: everyone present sees every card. */
const FIND_LIMIT = 10;
type Data = CardData;


function refusalText(refusal: Refusal): string {
  switch (refusal.kind) {
    case 'not-found':
      return "I couldn't find that case. Check the reference, e.g. ASB-2026-0042.";
    case 'no-access':
      return ACCESS_REFUSED_MESSAGE;
    case 'no-edit':
      return EDIT_REFUSED_MESSAGE;
    case 'summary-only':
      return SUMMARY_SHARE_NOTE;
    case 'conflict':
      return 'Someone else changed this case while you had it open, so your change was not saved. Here is the case as it is now; please make your change again.';
    case 'status':
      return refusal.refusal.message;
    case 'invalid':
      return refusal.message;
  }
}

export function registerCases(app: AssistantApp, deps: Deps): void {
  const caseFile: CaseFile = deps.caseFile;
  // The areas and wards of the officer's own team (set on the team card): the turn's one read of its team, started
  // early so that it runs beside the turn's other reads.
  const areasOf = (officer: Officer): Promise<Area[]> => {
    const areas = deps.roster.areasOf(officer.teamId, officer);
    areas.catch(() => undefined); // awaited (and so reported) by whoever renders with it
    return areas;
  };
  const show = async (view: CaseView, officer: Officer, banner?: Element, focus?: CaseDeadline) => {
    const full = caseCard(view, { areas: await areasOf(officer), now: deps.clock.now(), banner, ...(focus ? { focus } : {}) });
    return view.readOnly ? readOnlyCaseCard(full, view.case.id) : full;
  };

  /** The card for a refused action: the current case for a conflict, otherwise the reason. */
  const refusalCard = async (refusal: Refusal, officer: Officer): Promise<Element> => {
    if (refusal.kind === 'conflict') return show(await caseFile.caseView(refusal.current), officer, warning(refusalText(refusal)));
    if (refusal.kind === 'summary-only') return caseSummaryCard(refusal.summary, { areas: await areasOf(officer), detailsButton: false, note: SUMMARY_SHARE_NOTE, actions: partnerActions(refusal.summary.caseId) });
    return messageCard(refusalText(refusal));
  };

  const answer = async (outcome: Outcome<CaseView>, officer: Officer, banner?: string) =>
    asCard(outcome.ok ? await show(outcome.value, officer, banner ? text(banner, { color: 'Good', weight: 'Bolder' }) : undefined) : await refusalCard(outcome, officer));

  /** After an incident on a high-risk case, the answer also asks the officer to reassess the victim. */
  const afterIncident = async (outcome: Outcome<CaseView>, officer: Officer, banner: string) => {
    const level = outcome.ok ? outcome.value.case.riskLevel : undefined;
    if (!outcome.ok || !level || !consequencesOf(level).reassessAfterIncident) return answer(outcome, officer, banner);
    return asCard(await show(outcome.value, officer, container([text(banner, { color: 'Good', weight: 'Bolder' }), reassessPrompt(outcome.value.case.id)])));
  };

  /** The case a card is about, if the officer may see it. */
  const loadCase = async (data: Data, officer: Officer): Promise<Outcome<Case>> => {
    const view = await caseFile.view(String(data[f.caseId] ?? ''), officer);
    // Every form is for a change: someone who may only read the case (a partner) gets none.
    if (view.ok && view.value.readOnly) return { ok: false, kind: 'no-edit' };
    return view.ok ? { ok: true, value: view.value.case } : view;
  };

  /** Renders a card for the case a form is about, or the refusal. */
  const withCase = async (data: Data, officer: Officer, render: (current: Case) => Element): Promise<AdaptiveCard> => {
    const found = await loadCase(data, officer);
    return asCard(found.ok ? render(found.value) : await refusalCard(found, officer));
  };

  async function listCases(officer: Officer, data: Data, shared = false): Promise<Element> {
    const areas = await areasOf(officer);
    const parsed = parseForm(myCasesQuerySchema(areas), data);
    const query: MyCasesQuery = parsed.ok ? parsed.value : { order: defaultCaseListOrder, page: 0 };
    let result = await caseFile.listWithDeadlines(filterFor(query, officer.id), officer, query.page, PAGE_SIZE, query.order);
    if (result.items.length === 0 && query.page > 0) {
      // The list got shorter since the page was offered: show its last page.
      query.page = Math.max(0, Math.ceil(result.total / PAGE_SIZE) - 1);
      result = await caseFile.listWithDeadlines(filterFor(query, officer.id), officer, query.page, PAGE_SIZE, query.order);
    }
    const values = queryValues(query);
    const filters = myCasesFilters(parsed.ok ? { values, errors: {} } : formState(parsed.errors, { ...values, ...parsed.values }), areas);
    const filtered = query.status || query.category || query.area;
    return caseListCard(result.items, {
      shared,
      title: myCasesTitle(query), total: result.total, page: query.page, pageSize: PAGE_SIZE, query: values, areas, header: filters, overdue: result.overdue, nextDeadlines: result.nextDeadlines,
      emptyText: filtered ? 'None of your cases match these filters.' : 'You have no open cases.',
    });
  }

  async function findCases(officer: Officer, query: string, shared: boolean): Promise<Element> {
    const [found, areas] = await Promise.all([caseFile.find(query, officer, FIND_LIMIT), areasOf(officer)]);
    return caseListCard(found, { shared, title: `Cases matching “${query}”`, total: found.length, page: 0, pageSize: FIND_LIMIT, query: {}, areas, emptyText: 'No cases match. Try a reference, postcode, street, name or police reference.' });
  }

  // ----- text commands
  // The ward typeahead on the case forms: the wards of the area chosen on the form, matching what is typed.
  onSearch(app, WARD_DATASET, 'open-case', async (query, officer) => wardsMatching(await areasOf(officer), query.inputs[f.area], query.text));

  onCommand(app, /^\s*new case\s*$/i, 'new case', 'open-case', async (context, officer) => {
    await context.sendActivity(attach(newCaseFormCard({ values: {}, errors: {} }, await areasOf(officer))));
  });
  onCommand(app, /^\s*case\s+(.+?)\s*$/i, 'case ASB-2026-0001', 'use', async (context, officer) => {
    const reference = /^\s*case\s+(.+?)\s*$/i.exec(context.activity.text ?? '')?.[1] ?? '';
    void areasOf(officer);
    if (inSharedSpace(context)) {
      const summary = await caseFile.summaryByReference(reference, officer);
      await context.sendActivity(attach(summary.ok ? caseSummaryCard(summary.value, { areas: await areasOf(officer), detailsButton: true, note: SHARED_SPACE_NOTE }) : await refusalCard(summary, officer)));
      return;
    }
    await context.sendActivity(attach(await answer(await caseFile.viewByReference(reference, officer), officer) as unknown as Element));
  });
  onCommand(app, /^\s*log incident\s+(.+?)\s*$/i, 'log incident ASB-2026-0001', 'use', async (context, officer) => {
    const reference = /^\s*log incident\s+(.+?)\s*$/i.exec(context.activity.text ?? '')?.[1] ?? '';
    const view = await caseFile.viewByReference(reference, officer);
    await context.sendActivity(attach(view.ok ? incidentFormCard(view.value.case) : await refusalCard(view, officer)));
  });
  onCommand(app, /^\s*my cases\s*$/i, 'my cases', 'list-cases', async (context, officer) => {
    await context.sendActivity(attach(await listCases(officer, {}, inSharedSpace(context))));
  });
  onCommand(app, /^\s*find\s+(.+?)\s*$/i, 'find KF1 2AB', 'list-cases', async (context, officer) => {
    const query = /^\s*find\s+(.+?)\s*$/i.exec(context.activity.text ?? '')?.[1] ?? '';
    await context.sendActivity(attach(await findCases(officer, query, inSharedSpace(context))));
  });

  const auditTrail = async (officer: Officer, reference: string, page: number): Promise<Element> => {
    const trail = await caseFile.auditTrail(reference, officer, page, AUDIT_PAGE_SIZE);
    return trail.ok ? auditTrailCard(trail.value.case.reference, trail.value.entries, { page, pageSize: AUDIT_PAGE_SIZE, total: trail.value.total }) : refusalCard(trail, officer);
  };
  onCommand(app, /^\s*audit\s+(.+?)\s*$/i, 'audit ASB-2026-0001', 'use', async (context, officer) => {
    const reference = /^\s*audit\s+(.+?)\s*$/i.exec(context.activity.text ?? '')?.[1] ?? '';
    await context.sendActivity(attach(await auditTrail(officer, reference, 0)));
  });

  // ----- buttons
  const on = (verb: string, handler: (context: TurnContext, data: Data, officer: Officer) => Promise<AdaptiveCard>, need: Need = 'use') =>
    onExecute(app, verb, need, (context, data, officer) => {
      void areasOf(officer);
      return handler(context, data, officer);
    });

  on(Verbs.caseNew, async (_c, _d, officer) => asCard(newCaseFormCard({ values: {}, errors: {} }, await areasOf(officer))), 'open-case');
  on(Verbs.casesMine, async (_c, data, officer) => asCard(await listCases(officer, data)), 'list-cases');
  on(CaseVerbs.list, async (_c, data, officer) => asCard(await listCases(officer, data)), 'list-cases');
  on(CaseVerbs.audit, async (_c, data, officer) => asCard(await auditTrail(officer, String(data.reference ?? ''), Math.max(0, Number(data.page ?? 0) || 0))));
  // "Open case" on a reminder names it: the case card then starts with that deadline's Done and Snooze.
  on(CaseVerbs.show, async (_c, data, officer) => {
    const view = await caseFile.view(String(data[f.caseId] ?? ''), officer);
    const key = data[reminderFields.key];
    if (!view.ok || typeof key !== 'string' || !key) return answer(view, officer);
    const focus = await deps.reminders.get(key);
    const onThisCase = focus?.status === 'open' && focus.caseId === view.value.case.id;
    return asCard(await show(view.value, officer, undefined, onThisCase ? focus : undefined));
  });
  // The answer to an Action.Execute replaces the card for the presser only: the channel's copy stays the summary.
  on(CaseVerbs.details, async (context, data, officer) => answer(await caseFile.view(String(data[f.caseId] ?? ''), officer, inSharedSpace(context) ? 'channel-details' : 'chat'), officer));

  on(CaseVerbs.create, async (_c, data, officer) => {
    const areas = await areasOf(officer);
    const parsed = parseForm(newCaseFormSchema({ areas, clock: deps.clock }), data);
    if (!parsed.ok) return asCard(newCaseFormCard(formState(parsed.errors, parsed.values), areas));
    const { draft, firstIncident, idempotencyKey } = parsed.value;
    if (data.confirmNew !== 'true') {
      const duplicates = await caseFile.possibleDuplicates(draft, officer, idempotencyKey);
      if (duplicates.length > 0) return asCard(duplicatesCard(duplicates, stringValues(data)));
    }
    const opened = await caseFile.openCase(draft, firstIncident, officer, idempotencyKey);
    return answer(await caseFile.view(opened.case.id, officer), officer, opened.created ? `Case ${opened.case.reference} opened.` : undefined);
  }, 'open-case');

  on(CaseVerbs.addAsIncident, async (_c, data, officer) => {
    const parsed = parseForm(newCaseFormSchema({ areas: await areasOf(officer), clock: deps.clock }), data);
    const caseId = String(data[f.caseId] ?? '');
    if (!parsed.ok || !parsed.value.firstIncident) return withCase(data, officer, (current) => incidentFormCard(current));
    const view = await caseFile.view(caseId, officer);
    if (!view.ok) return asCard(await refusalCard(view, officer));
    const draft = firstIncidentOf({ victims: [] }, parsed.value.firstIncident);
    const reporter = parsed.value.draft.victims[0]?.name;
    const logged = await caseFile.logIncident(caseId, { ...draft, reportedBy: reporter ? { name: reporter } : draft.reportedBy }, officer, `${parsed.value.idempotencyKey}:linked`);
    return afterIncident(logged, officer, 'Incident added to this case.');
  }, 'open-case');

  on(CaseVerbs.incidents, async (_c, data, officer) => {
    const all = await caseFile.allIncidents(String(data[f.caseId] ?? ''), officer);
    if (!all.ok) return asCard(await refusalCard(all, officer));
    return asCard(incidentListCard(all.value.case, all.value.incidents, Math.max(0, Number(data.page ?? 0) || 0)));
  });

  on(CaseVerbs.notes, async (_c, data, officer) => {
    const caseId = String(data[f.caseId] ?? '');
    const [found, notes] = await Promise.all([loadCase(data, officer), caseFile.notes(caseId, officer)]);
    if (!found.ok) return asCard(await refusalCard(found, officer));
    return asCard(notes.ok ? noteListCard(found.value, notes.value, Math.max(0, Number(data.page ?? 0) || 0)) : await refusalCard(notes, officer));
  });

  on(CaseVerbs.deadlines, async (_c, data, officer) => {
    const all = await caseFile.allDeadlines(String(data[f.caseId] ?? ''), officer);
    return asCard(all.ok ? deadlineListCard(all.value.case, all.value.deadlines, londonDate(deps.clock.now())) : await refusalCard(all, officer));
  });

  on(CaseVerbs.incidentForm, async (_c, data, officer) => withCase(data, officer, (current) => incidentFormCard(current)));
  on(CaseVerbs.logIncident, async (_c, data, officer) => {
    const found = await loadCase(data, officer);
    if (!found.ok) return asCard(await refusalCard(found, officer));
    const current = found.value;
    const parsed = parseForm(incidentFormSchema({ clock: deps.clock, personIds: current.victims.map((v) => v.id) }), data);
    if (!parsed.ok) return asCard(incidentFormCard(current, formState(parsed.errors, parsed.values)));
    return afterIncident(await caseFile.logIncident(current.id, parsed.value.draft, officer, parsed.value.idempotencyKey), officer, 'Incident logged.');
  });

  on(CaseVerbs.noteForm, async (_c, data, officer) => withCase(data, officer, (current) => noteFormCard(current)));
  on(CaseVerbs.addNote, async (_c, data, officer) => {
    const parsed = parseForm(noteFormSchema, data);
    if (!parsed.ok) return withCase(data, officer, (current) => noteFormCard(current, formState(parsed.errors, parsed.values)));
    const added = await caseFile.addNote(parsed.value.caseId, parsed.value.text, officer, parsed.value.correctsNoteId, parsed.value.idempotencyKey);
    if (!added.ok) return asCard(await refusalCard(added, officer));
    return answer(await caseFile.view(parsed.value.caseId, officer), officer, 'Note added.');
  });

  /** Status, close and reopen share one shape: parse, change, and show the form again with the refusal. */
  const statusAction = <T extends { caseId: string; version?: number }>(
    schema: Parameters<typeof parseForm<T>>[0],
    formCard: (current: Case, state?: FormState) => Element,
    change: (value: T) => { to: 'closed' | 'reopened' | Case['status']; reason?: string; closure?: Parameters<CaseFile['changeStatus']>[3]['closure'] },
    done: string,
  ) =>
    async (_c: TurnContext, data: Data, officer: Officer): Promise<AdaptiveCard> => {
      const parsed: FormResult<T> = parseForm(schema, data);
      if (!parsed.ok) return withCase(data, officer, (current) => formCard(current, formState(parsed.errors, parsed.values)));
      const request = change(parsed.value);
      const result = await caseFile.changeStatus(parsed.value.caseId, parsed.value.version, request.to, request, officer);
      if (!result.ok && result.kind === 'status') {
        const field = fieldForStatusRefusal(result.refusal.code, request.to);
        return withCase(data, officer, (current) => formCard(current, formState([{ field, message: result.refusal.message }], stringValues(data))));
      }
      return answer(result, officer, done);
    };

  on(CaseVerbs.personForm, async (_c, data, officer) => withCase(data, officer, (current) => addPersonFormCard(current)));
  on(CaseVerbs.addPerson, async (_c, data, officer) => {
    const parsed = parseForm(addPersonFormSchema({ clock: deps.clock }), data);
    if (!parsed.ok) return withCase(data, officer, (current) => addPersonFormCard(current, formState(parsed.errors, parsed.values)));
    const { caseId, version, ...toAdd } = parsed.value;
    return answer(await caseFile.addPerson(caseId, version, toAdd as PersonToAdd, officer), officer, 'Person added.');
  });

  const officersOf = (context: TurnContext) => teamsRoster(deps).officers(deps.references, tenantIdOf(context.activity) ?? '');
  on(CaseVerbs.assignForm, async (context, data, officer) => {
    const officers = await officersOf(context);
    return withCase(data, officer, (current) => assignFormCard(current, officers));
  });
  on(CaseVerbs.assign, async (context, data, officer) => {
    const officers = await officersOf(context);
    const chosen = officers.find((o) => o.id === data[ASSIGN_TO]);
    if (!chosen) return withCase(data, officer, (current) => assignFormCard(current, officers, formState([{ field: ASSIGN_TO, message: 'Choose an officer from the list' }], stringValues(data))));
    const version = data[f.version] === undefined ? undefined : Number(data[f.version]);
    return answer(await caseFile.assign(String(data[f.caseId] ?? ''), version, chosen, officer), officer, `Case assigned to ${chosen.name}.`);
  });

  on(CaseVerbs.statusForm, async (_c, data, officer) => withCase(data, officer, (current) => statusFormCard(current)));
  on(CaseVerbs.changeStatus, statusAction(changeStatusFormSchema, statusFormCard, (v) => ({ to: v.status, reason: v.reason }), 'Status changed.'));
  on(CaseVerbs.closeForm, async (_c, data, officer) => withCase(data, officer, (current) => closeFormCard(current)));
  on(CaseVerbs.close, statusAction(closeCaseFormSchema, closeFormCard, (v) => ({ to: 'closed', closure: v.closure }), 'Case closed.'));
  on(CaseVerbs.reopenForm, async (_c, data, officer) => withCase(data, officer, (current) => reopenFormCard(current)));
  registerSharing(app, deps, { answer, refusalCard, loadCase });
  on(CaseVerbs.reopen, statusAction(reopenCaseFormSchema, reopenFormCard, (v) => ({ to: 'reopened', reason: v.reason }), 'Case reopened.'));
}

/** Card data as the strings the inputs hold, to carry or re-show them. */
function stringValues(data: Data): Record<string, string> {
  return Object.fromEntries(Object.entries(data).filter(([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean').map(([k, v]) => [k, String(v)]));
}
