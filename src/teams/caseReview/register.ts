/**
 * The ASB Case Review in Teams: "ASB Case Review application" on the case card, `case review` in chat for someone
 * not yet on a case, the application card with each step, and `case review figures <year>`. Applications name
 * victims, so they open only in the officer's personal chat.
 */
import type { TurnContext } from 'botbuilder';
import type { Deps } from '../../deps.js';
import { todayInLondon } from '../../domain/calendar/localDate.js';
import { ACCESS_REFUSED_MESSAGE, EDIT_REFUSED_MESSAGE, hasRole } from '../../domain/access/index.js';
import type { CaseReviewApplication } from '../../domain/caseReview/application.js';
import type { Case } from '../../domain/cases/case.js';
import { WHOLE_FORM } from '../../domain/cases/fieldErrors.js';
import { formValues, parseForm, type FormResult } from '../../domain/cases/forms.js';
import { newId } from '../../domain/cases/ids.js';
import type { Officer } from '../../services/caseFile.js';
import { CASE_REVIEW_FIGURES_DOWNLOAD, CaseReviewService, type CaseReviewOutcome } from '../../services/caseReview.js';
import { inSharedSpace, tenantIdOf } from '../activityContext.js';
import type { AssistantApp } from '../app.js';
import { asCard, formState, attach, emptyForm, type CardData, type Element, type FormState } from '../cardKit.js';
import { messageCard } from '../cases/caseCards.js';
import { onCommand, onExecute } from '../routes.js';
import { applicationCard, applicationFormCard, caseReviewFiguresCard } from './cards.js';
import {
  appealFormSchema, applicationFormSchema, caseReviewFields as f, decisionFormSchema, groupMeetingFormSchema, meetingFormSchema, outcomeFormSchema, outcomeSentFormSchema, victimViewsFormSchema,
} from './form.js';
import { caseReviewCommands, CaseReviewVerbs } from './verbs.js';
import { registerCaseReviewSettings } from './settings.js';

const PERSONAL_ONLY = 'ASB Case Review applications name the victim: open them in your personal chat with the bot.';

function refusalText(refusal: Exclude<CaseReviewOutcome<unknown>, { ok: true }>): string {
  switch (refusal.kind) {
    case 'not-found':
      return "I couldn't find that case or application. Open it again and try once more.";
    case 'no-access':
      return ACCESS_REFUSED_MESSAGE;
    case 'no-edit':
      return EDIT_REFUSED_MESSAGE;
    case 'not-lead':
      return 'Only the Case Review lead (a manager) can record this step.';
    case 'rule':
      return refusal.message;
  }
}

export function registerCaseReview(app: AssistantApp, deps: Deps): void {
  registerCaseReviewSettings(app, deps);
  const service = deps.caseReview;

  const reviewersFor = async (context: TurnContext) => deps.references.officersInTenant(tenantIdOf(context.activity) ?? '');
  const show = async (context: TurnContext, application: CaseReviewApplication, officer: Officer, form: FormState = emptyForm(), banner?: string) =>
    applicationCard(application, form, {
      lead: hasRole(officer, 'manager'),
      reviewers: await reviewersFor(context),
      timescales: service.timescalesOf(application),
      groups: application.decision?.met && !application.reviewMeetingOn ? (await service.meetingGroups(application, officer)).map((g) => ({ id: g.id, name: g.name })) : [],
      ...(banner ? { banner } : {}),
    });

  const on = (verb: string, handler: (context: TurnContext, data: CardData, officer: Officer) => Promise<Element>) =>
    onExecute<CardData>(app, verb, 'use', async (context, data, officer) =>
      asCard(inSharedSpace(context) ? messageCard(PERSONAL_ONLY) : await handler(context, data, officer)));

  /** The case named by the card (none for someone not on a case), or the card saying why it cannot be used. */
  const caseOf = async (data: CardData, officer: Officer): Promise<{ current?: Case; refused?: Element }> => {
    const caseId = String(data[f.caseId] ?? '');
    if (!caseId) return {};
    const found = await service.caseFor(caseId, officer);
    return found.ok ? { current: found.value.value.case } : { refused: messageCard(refusalText(found)) };
  };

  on(CaseReviewVerbs.applicationForm, async (context, data, officer) => {
    const { current, refused } = await caseOf(data, officer);
    if (refused) return refused;
    // From the case card: the application recorded on the case, if there is one; "Another application" a new one.
    const recorded = current && data[f.another] !== 'true' ? await service.latestOn(current, officer) : undefined;
    return recorded ? show(context, recorded, officer) : newApplication(current, officer);
  });

  const newApplication = async (current: Case | undefined, officer: Officer, banner?: string) => {
    const values: Record<string, string> = { [f.appliedOn]: todayInLondon(deps.clock) };
    if (current?.victims.length === 1) values[f.victimId] = current.victims[0]!.id;
    const matches = current ? await deps.samePerson.candidates(current, officer) : [];
    return applicationFormCard(current, newId(), { values, errors: {} }, matches, banner);
  };

  on(CaseReviewVerbs.samePerson, async (_context, data, officer) => {
    const { current, refused } = await caseOf(data, officer);
    if (refused || !current) return refused ?? messageCard(refusalText({ ok: false, kind: 'not-found' }));
    const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string).slice(0, 100) : '');
    const linked = await deps.samePerson.confirm(officer, current.id, text('victimId'), text('otherCaseId'), text('otherVictimId'));
    if (!linked.ok) return messageCard(linked.message);
    const updated = (await service.caseFor(current.id, officer));
    return newApplication(updated.ok ? updated.value.value.case : current, officer, `Linked with the victim on ${linked.otherReference}: their complaints now count together.`);
  });

  on(CaseReviewVerbs.apply, async (context, data, officer) => {
    const { current: known, refused } = await caseOf(data, officer);
    if (refused) return refused;
    const applicationId = String(data[f.applicationId] ?? '') || newId();
    const parsed = parseForm(applicationFormSchema({ ...(known ? { victimIds: known.victims.map((v) => v.id) } : {}) }), data);
    if (!parsed.ok) return applicationFormCard(known, applicationId, formState(parsed.errors, parsed.values));
    const recorded = await service.apply(known?.id, { ...parsed.value, applicationId }, officer);
    if (!recorded.ok) {
      if (recorded.kind !== 'rule') return messageCard(refusalText(recorded));
      return applicationFormCard(known, applicationId, formState([{ field: recorded.field in f ? recorded.field : WHOLE_FORM, message: recorded.message }], formValues(data)));
    }
    return show(context, recorded.value, officer, emptyForm(), 'Application recorded. The Case Review lead is reminded of each step.');
  });

  on(CaseReviewVerbs.show, async (context, data, officer) => {
    const found = await service.get(String(data[f.applicationId] ?? ''), officer);
    return found.ok ? show(context, found.value, officer) : messageCard(refusalText(found));
  });

  /** A step: parse its inputs, call the service, and show the application again (with what was typed on a problem). */
  const step = <T>(verb: string, parse: (data: CardData) => FormResult<T>, run: (id: string, value: T, officer: Officer) => Promise<CaseReviewOutcome<CaseReviewApplication>>, done: string) =>
    on(verb, async (context, data, officer) => {
      const id = String(data[f.applicationId] ?? '');
      const parsed = parse(data);
      const again = async (errors: Array<{ field: string; message: string }>) => {
        const found = await service.get(id, officer);
        return found.ok ? show(context, found.value, officer, formState(errors, formValues(data))) : messageCard(refusalText(found));
      };
      if (!parsed.ok) return again(parsed.errors);
      const result = await run(id, parsed.value, officer);
      if (result.ok) return show(context, result.value, officer, emptyForm(), done);
      return result.kind === 'rule' ? again([{ field: WHOLE_FORM, message: result.message }]) : messageCard(refusalText(result));
    });

  step(CaseReviewVerbs.acknowledge, () => ({ ok: true, value: undefined }), (id, _v, officer) => service.acknowledge(id, officer), 'Acknowledged.');
  step(CaseReviewVerbs.decide, (data) => parseForm(decisionFormSchema, data), (id, v, officer) => service.decide(id, v, officer), 'Decision recorded.');
  on(CaseReviewVerbs.scheduleMeeting, async (context, data, officer) => {
    const id = String(data[f.applicationId] ?? '');
    const found = await service.get(id, officer);
    if (!found.ok) return messageCard(refusalText(found));
    const groups = await service.meetingGroups(found.value, officer);
    // Without a target group the date alone is recorded, as before the meeting engine held Case Reviews.
    if (groups.length === 0) {
      const parsed = parseForm(meetingFormSchema, data);
      if (!parsed.ok) return show(context, found.value, officer, formState(parsed.errors, parsed.values));
      const result = await service.scheduleMeeting(id, parsed.value.on, officer);
      if (result.ok) return show(context, result.value, officer, emptyForm(), 'Review meeting scheduled.');
      return result.kind === 'rule' ? show(context, found.value, officer, formState([{ field: WHOLE_FORM, message: result.message }], formValues(data))) : messageCard(refusalText(result));
    }
    const parsed = parseForm(groupMeetingFormSchema(groups.map((g) => g.id)), data);
    if (!parsed.ok) return show(context, found.value, officer, formState(parsed.errors, parsed.values));
    const result = await service.scheduleReviewMeeting(id, parsed.value.groupId, parsed.value.on, officer);
    if (!result.ok) {
      if (result.kind !== 'rule') return messageCard(refusalText(result));
      return show(context, found.value, officer, formState([{ field: result.field === f.meetingGroupId ? f.meetingGroupId : WHOLE_FORM, message: result.message }], formValues(data)));
    }
    const { application, agencies, groupName } = result.value;
    const asked = agencies.length ? ` Reports are asked of ${agencies.join(', ')}.` : ' No partner agency is on the team or the case, so no report was asked for.';
    return show(context, application, officer, emptyForm(), `Case Review meeting scheduled with ${groupName}; the agenda is in its channel.${asked}`);
  });
  step(CaseReviewVerbs.outcomeSent, (data) => parseForm(outcomeSentFormSchema, data), (id, v, officer) => service.outcomeSent(id, v.on, officer), 'Outcome sent recorded.');
  step(CaseReviewVerbs.victimViews, (data) => parseForm(victimViewsFormSchema, data), (id, v, officer) => service.recordVictimViews(id, v.views, v.consulted, officer), "The victim's views are recorded.");
  step(CaseReviewVerbs.outcome, (data) => parseForm(outcomeFormSchema, data), (id, v, officer) => service.recordOutcome(id, v.recommendations, v.sentOn, officer), 'Outcome recorded; each recommendation is chased by its date.');
  on(CaseReviewVerbs.appeal, async (context, data, officer) => {
    const reviewers = await reviewersFor(context);
    const id = String(data[f.applicationId] ?? '');
    const parsed = parseForm(appealFormSchema(reviewers.map((r) => r.id)), data);
    const found = await service.get(id, officer);
    if (!found.ok) return messageCard(refusalText(found));
    if (!parsed.ok) return show(context, found.value, officer, formState(parsed.errors, parsed.values));
    const result = await service.appeal(id, parsed.value, officer);
    if (result.ok) return show(context, result.value, officer, emptyForm(), 'Appeal recorded.');
    if (result.kind !== 'rule') return messageCard(refusalText(result));
    return show(context, found.value, officer, formState([{ field: result.field === 'reviewerId' ? f.reviewerId : WHOLE_FORM, message: result.message }], formValues(data)));
  });

  onCommand(app, caseReviewCommands.figures, 'case review figures 2026', 'list-cases', async (context, officer) => {
    const year = Number(caseReviewCommands.figures.exec(context.activity.text ?? '')?.[1]);
    const csv = deps.downloads.link(CASE_REVIEW_FIGURES_DOWNLOAD, CaseReviewService.figuresDownloadId(officer.teamId!, year), officer);
    await context.sendActivity(attach(caseReviewFiguresCard(await service.figures(officer, year), csv.url)));
  });
  onCommand(app, caseReviewCommands.apply, 'case review', 'open-case', async (context) => {
    const form = inSharedSpace(context)
      ? messageCard(PERSONAL_ONLY)
      : applicationFormCard(undefined, newId(), { values: { [f.appliedOn]: todayInLondon(deps.clock) }, errors: {} });
    await context.sendActivity(attach(form));
  });
}
