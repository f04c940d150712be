/**
 * Target group meetings in a Teams channel: `set up target group`, `schedule meeting`, `start meeting`,
 * `end meeting`, `my actions`, the case card's "Nominate for target group", and every button on the agenda and
 * meeting cards. A change to the meeting answers the click with the new card and also updates the posted
 * meeting card in place, so everyone in the channel sees the same state. Replies in the meeting card's thread
 * are captured as notes on the open item.
 */
import type { AdaptiveCard } from '@microsoft/teams-ai';
import { CardFactory, type Activity, type TurnContext } from 'botbuilder';
import type { StoredMeeting } from '../../db/meetings.js';
import type { StoredTargetGroup } from '../../db/targetGroups.js';
import type { Deps } from '../../deps.js';
import { londonDate, londonInstant } from '../../domain/calendar/localDate.js';
import type { FieldError } from '../../domain/cases/fieldErrors.js';
import { parseForm, formValues } from '../../domain/cases/forms.js';
import {
  actionsByOwner, addAction, addDecision, addNote, agendaPostOn, defaultInfoSharingBasis, groupsForArea, messagePlainText, moveNext, movePrevious,
  describeDate, recordAttendance, removeCapturedLine, revealNames, startsOnAnotherDay, THREAD_HINT, threadWordOf, type ActionOwner, type Meeting, type MeetingResult,
} from '../../domain/meetings/index.js';
import { linkExpiry } from '../../security/signedLinks.js';
import type { EndedMeeting, MeetingActor, MeetingOutcome } from '../../services/meetings.js';
import { conversationIdOf, tenantIdOf, threadRootOf } from '../activityContext.js';
import { postInChannel, updateChannelPost } from '../channelPosts.js';
import type { AssistantApp } from '../app.js';
import { asCard, formState, attach, type CardData, type Element, type FormState } from '../cardKit.js';
import { actorOf } from '../actor.js';
import { guarded, onCommand, onExecute } from '../routes.js';
import {
  actionFormSchema, actionIdSchema, agendaAddSchema, agendaDropSchema, agendaMoveSchema, attendanceFormSchema, decisionFormSchema, correctionFormSchema, dropActionSchema,
  meetingOnlySchema, moveFormSchema, nominateFormSchema, noteFormSchema, ownerFrom, ownerValue, removeLineFormSchema, revealSchema, setupFormSchema,
  type Officer,
} from './forms.js';
import { groupCard, nominateCard, nominatedCard, plainCard, setupCard } from './groupCards.js';
import {
  agendaCard, attendanceCard, bannerText, bannerWarning, meetingCard, meetingEventCard, meetingPeople, myActionsCard, ownerActionsCard, startOnAnotherDayCard, summaryCard,
} from './meetingCards.js';
import { MeetingVerbs, meetingFields as m, MEMBER_ROWS, setupFields as s } from './verbs.js';
import { teamsRoster } from '../roster.js';
import { pickedPerson } from '../peoplePicker.js';
import { isLocalMode } from '../../config.js';

type Data = CardData;
/** The channel an activity came from (a message in a thread carries ";messageid=<root>" on the conversation id). */
export function channelOf(activity: Partial<Activity>): { teamId: string; channelId: string; conversationId: string } | undefined {
  if (activity.conversation?.conversationType !== 'channel') return undefined;
  const data = (activity.channelData ?? {}) as { team?: { id?: string }; channel?: { id?: string } };
  const conversationId = conversationIdOf(activity);
  const teamId = data.team?.id;
  if (!teamId) return undefined;
  return { teamId, channelId: data.channel?.id ?? conversationId, conversationId };
}

function mentionsBot(activity: Partial<Activity>): boolean {
  return (activity.entities ?? []).some((e) => e.type === 'mention' && (e as { mentioned?: { id?: string } }).mentioned?.id === activity.recipient?.id);
}

const NOT_IN_CHANNEL = 'Target groups live in a team channel. Type this in the channel where the group meets.';
const NO_GROUP = 'This channel has no target group yet. Type "set up target group" to create one.';

/** Each owner who can be messaged gets their actions once a meeting ends (a step of ending it, see services/meetings.ts). */
export function tellActionOwners(deps: Pick<Deps, 'references' | 'outbox'>): (ended: EndedMeeting) => Promise<void> {
  return async ({ stored, group, actions }) => {
    for (const [userId, owned] of actionsByOwner(actions).byUser) {
      if (!(await deps.references.findUserReference(userId, group.tenantId))) continue;
      await deps.outbox.enqueue({
        key: `meeting-actions:${stored.meeting.id}:${userId}`,
        to: { kind: 'user', tenantId: group.tenantId, aadObjectId: userId },
        card: ownerActionsCard(group, stored.meeting, owned),
      });
    }
  };
}

export function registerMeetings(app: AssistantApp, deps: Deps): void {
  const service = deps.meetings;
  // The ASB team's own areas (set by its admin), for the set-up form and the group card.
  const areasOf = (actor: { teamId?: string }) => deps.roster.areasOf(actor.teamId);


  const officersFor = async (actor: MeetingActor): Promise<Officer[]> => {
    const officers = await teamsRoster(deps).officers(deps.references, actor.tenantId);
    return officers.some((o) => o.id === actor.id) ? officers : [{ id: actor.id, name: actor.name }, ...officers];
  };

  /** Teams' organisation search in the people pickers: a real Teams client (the Playground has none). */
  const search = !isLocalMode(deps.config);
  const memberFieldIds = Array.from({ length: MEMBER_ROWS }, (_, i) => s.member(i + 1));
  /**
   * The people chosen in these pickers, each as its Entra object id with the roster's name: the static list,
   * plus anyone Teams' search found (resolved through the roster). The submission is given the resolved ids.
   */
  const withPicked = async (context: TurnContext, listed: Officer[], data: Data, fields: readonly string[]) => {
    const officers = [...listed];
    const picks: Data = { ...data };
    for (const field of fields) {
      const value = typeof data[field] === 'string' ? String(data[field]).trim() : '';
      if (!value || officers.some((o) => o.id === value)) continue;
      const person = await pickedPerson(teamsRoster(deps), context, value, officers);
      if (!person) continue;
      if (!officers.some((o) => o.id === person.id)) officers.push(person);
      picks[field] = person.id;
    }
    return { officers, picks };
  };

  /** An owner found by Teams' organisation search: their object id, with the roster's name. */
  const searchedOwner = async (context: TurnContext, value: string): Promise<ActionOwner | undefined> => {
    const person = await pickedPerson(teamsRoster(deps), context, value, []);
    return person ? { kind: 'member', id: person.id, name: person.name, agency: 'Council' } : undefined;
  };

  const groupHere = async (context: TurnContext): Promise<StoredTargetGroup | string> => {
    const channel = channelOf(context.activity);
    if (!channel) return NOT_IN_CHANNEL;
    return (await service.groupInChannel(channel.teamId, channel.channelId, actorOf(context))) ?? NO_GROUP;
  };

  const previousStatusOf = async (meeting: Meeting) => (meeting.status === 'in-progress' ? service.previousMinutesStatus(meeting) : undefined);

  const renderMeeting = async (stored: StoredMeeting, group: StoredTargetGroup, extra: { banner?: Element; form?: FormState } = {}) =>
    meetingCard(stored.meeting, group, { ...extra, previousStatus: await previousStatusOf(stored.meeting), search });

  /** Updates the posted meeting card (a top-level post in the group's channel) for everyone. */
  const refreshPosted = async (context: TurnContext, stored: StoredMeeting, card: Element): Promise<void> => {
    if (!stored.cardActivityId) return;
    try {
      await updateChannelPost(context, stored.conversationId, stored.cardActivityId, { attachments: [CardFactory.adaptiveCard(card)] });
    } catch (error) {
      deps.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'meeting card update failed');
    }
  };

  /**
   * Posts the meeting card as a new top-level post in the group's channel, so the meeting has its own thread.
   * Replies there are minuted, and so are replies under the post the meeting was started from.
   */
  const postMeetingCard = async (context: TurnContext, stored: StoredMeeting, group: StoredTargetGroup): Promise<void> => {
    const startedFrom = threadRootOf(context.activity);
    const posted = await postInChannel(context, group.channel.conversationId, attach(await renderMeeting(stored, group)));
    await service.setCardActivity(stored.meeting.id, { ...(posted ? { cardActivityId: posted } : {}), threadRootIds: [posted, startedFrom].filter((id): id is string => !!id) });
  };

  /**
   * Answers a meeting change: the new card for the clicker and, when saved, the same card for everyone. A
   * conflict or refusal re-shows the current meeting with the reason and everything typed still filled in.
   */
  const answer = async (context: TurnContext, data: Data, outcome: MeetingOutcome, banner?: string): Promise<AdaptiveCard> => {
    if (outcome.ok) {
      const card = await renderMeeting(outcome.stored, outcome.group);
      await refreshPosted(context, outcome.stored, card);
      return asCard(banner ? await renderMeeting(outcome.stored, outcome.group, { banner: bannerText(banner) }) : card);
    }
    const loaded = outcome.kind === 'conflict' ? outcome : await service.load(String(data[m.meetingId] ?? ''), actorOf(context));
    if (!loaded) return asCard(plainCard(outcome.message));
    const keep = formValues(data);
    return asCard(await renderMeeting(loaded.stored, loaded.group, { banner: bannerWarning(outcome.message), form: { values: keep, errors: {} } }));
  };

  /** Parses a meeting card submission; a bad one comes back as the meeting card with the problem by its field. */
  const withForm = async <T>(actor: MeetingActor, data: Data, parsed: ReturnType<typeof parseForm<T>>, use: (value: T) => Promise<AdaptiveCard>): Promise<AdaptiveCard> => {
    if (parsed.ok) return use(parsed.value);
    const loaded = await service.load(String(data[m.meetingId] ?? ''), actor);
    if (!loaded) return asCard(plainCard("I couldn't find that meeting. Type \"start meeting\" in the group's channel."));
    return asCard(await renderMeeting(loaded.stored, loaded.group, { form: formState(parsed.errors, parsed.values) }));
  };

  const on = (verb: string, handler: (context: TurnContext, data: Data, actor: MeetingActor) => Promise<AdaptiveCard>) =>
    onExecute(app, verb, 'attend-meetings', handler);

  const runOn = (verb: string, schema: Parameters<typeof parseForm>[0], transition: (meeting: Meeting, value: Data, actor: MeetingActor) => MeetingResult, banner?: string) =>
    on(verb, async (context, data, actor) =>
      withForm(actor, data, parseForm(schema, data) as ReturnType<typeof parseForm<Data>>, async (value) =>
        answer(context, data, await service.run(String(value[m.meetingId]), actor, (meeting) => transition(meeting, value, actor)), banner),
      ),
    );

  const edit = (actor: MeetingActor) => ({ by: actor.name, byId: actor.id, at: deps.clock.now().toISOString() });

  // ---------------------------------------------------------------- setting up

  onCommand(app, /^\s*set up target group\s*$/i, 'set up target group', 'attend-meetings', async (context) => {
    const channel = channelOf(context.activity);
    if (!channel) return void (await context.sendActivity(NOT_IN_CHANNEL));
    const [existing, areas] = await Promise.all([service.groupInChannel(channel.teamId, channel.channelId, actorOf(context)), areasOf(actorOf(context))]);
    if (existing) return void (await context.sendActivity(attach(groupCard(existing, areas, 'This channel already has a target group: one channel holds one group.'))));
    const actor = actorOf(context);
    const values = { [s.chair]: actor.id, [s.minuteTaker]: actor.id, [s.noticeDays]: '3', [s.infoSharingBasis]: defaultInfoSharingBasis };
    await context.sendActivity(attach(setupCard({ values, errors: {} }, areas, await officersFor(actor), { search })));
  });

  on(MeetingVerbs.setUp, async (context, data, actor) => {
    const channel = channelOf(context.activity);
    if (!channel) return asCard(plainCard(NOT_IN_CHANNEL));
    const [listed, areas] = await Promise.all([officersFor(actor), areasOf(actor)]);
    const { officers, picks } = await withPicked(context, listed, data, [s.chair, s.minuteTaker, ...memberFieldIds]);
    const parsed = parseForm(setupFormSchema(areas, officers), picks);
    if (!parsed.ok) return asCard(setupCard(formState(parsed.errors, parsed.values), areas, officers, { search }));
    const { confirmAreaClash, ...input } = parsed.value;
    const result = await service.setUpGroup({ ...input, channel }, actor, confirmAreaClash);
    if (result.ok) return asCard(groupCard(result.group, areas, 'Target group set up for this channel.'));
    if (result.kind === 'channel-taken') return asCard(groupCard(result.group, areas, 'This channel already has a target group: one channel holds one group.'));
    return asCard(setupCard({ values: formValues(picks), errors: {} }, areas, officers, { conflicts: result.conflicts, search }));
  });

  // ---------------------------------------------------------------- nominating (from the case card)

  on(MeetingVerbs.nominateForm, async (context, data, actor) => {
    const view = await deps.caseFile.view(String(data[m.caseId] ?? ''), actor);
    if (!view.ok) return asCard(plainCard("I couldn't open that case."));
    const groups = groupsForArea(view.value.case.area, await service.groupsInTenant(actor.tenantId));
    return asCard(nominateCard(view.value.case, groups, { values: {}, errors: {} }));
  });

  on(MeetingVerbs.nominate, async (context, data, actor) => {
    const parsed = parseForm(nominateFormSchema, data);
    const reshow = async (state: FormState) => {
      const view = await deps.caseFile.view(String(data[m.caseId] ?? ''), actor);
      if (!view.ok) return asCard(plainCard("I couldn't open that case."));
      return asCard(nominateCard(view.value.case, groupsForArea(view.value.case.area, await service.groupsInTenant(actor.tenantId)), state));
    };
    if (!parsed.ok) return reshow(formState(parsed.errors, parsed.values));
    const result = await service.nominate(parsed.value[m.caseId], parsed.value[m.groupId], parsed.value[m.reason], actor, parsed.value[m.submitKey]);
    if (!result.ok) return reshow(formState([{ field: m.groupId, message: result.message }], formValues(data)));
    return asCard(nominatedCard(result.reference, result.group, parsed.value[m.caseId]));
  });

  // ---------------------------------------------------------------- scheduling and the agenda

  const schedule = async (context: TurnContext, group: StoredTargetGroup, date: string | undefined): Promise<Element> => {
    const actor = actorOf(context);
    // A replayed activity (Teams retrying a delivery) or a double click on the same card schedules once.
    const { stored, created } = await service.schedule(group, date, actor);
    const meeting = stored.meeting;
    if (created) {
      // The agenda also goes to the channel the group's notice before the meeting, and members are reminded on the day.
      const postOn = agendaPostOn(meeting.date, group.agendaNoticeWorkingDays, (from, days) => deps.calendar.addWorkingDays(from, days));
      const postAt = londonInstant(postOn, '09:00');
      if (postAt > deps.clock.now()) {
        await deps.outbox.enqueue({ key: `meeting-agenda:${meeting.id}`, to: { kind: 'conversation', conversationId: group.channel.conversationId }, card: agendaCard(meeting, group), notBefore: postAt });
      }
      for (const person of meetingPeople(meeting, group)) {
        if (!person.id) continue;
        await deps.outbox.enqueue({
          key: `meeting-day:${meeting.id}:${person.id}`,
          to: { kind: 'user', tenantId: group.tenantId, aadObjectId: person.id },
          text: `Reminder: the ${group.name} meets today. The agenda is in the group's channel.`,
          notBefore: londonInstant(meeting.date, '08:00'),
        });
      }
    }
    return agendaCard(meeting, group, { banner: created ? bannerText('Meeting scheduled. The agenda below was built from the cases in the group\'s areas.') : bannerWarning('A meeting is already scheduled; here is its agenda.') });
  };

  onCommand(app, /^\s*schedule meeting(?:\s+(\d{4}-\d{2}-\d{2}))?\s*$/i, 'schedule meeting', 'attend-meetings', async (context) => {
    const group = await groupHere(context);
    if (typeof group === 'string') return void (await context.sendActivity(group));
    const date = /(\d{4}-\d{2}-\d{2})/.exec(context.activity.text ?? '')?.[1];
    await context.sendActivity(attach(await schedule(context, group, date)));
  });

  on(MeetingVerbs.schedule, async (context, data, actor) => {
    const group = await service.group(String(data[m.groupId] ?? ''), actor);
    return asCard(group ? await schedule(context, group, undefined) : plainCard(NO_GROUP));
  });

  const agendaAnswer = async (actor: MeetingActor, data: Data, outcome: MeetingOutcome, banner: string): Promise<AdaptiveCard> => {
    if (outcome.ok) return asCard(agendaCard(outcome.stored.meeting, outcome.group, { banner: bannerText(banner) }));
    const loaded = await service.load(String(data[m.meetingId] ?? ''), actor);
    if (!loaded) return asCard(plainCard(outcome.message));
    return asCard(agendaCard(loaded.stored.meeting, loaded.group, { banner: bannerWarning(outcome.message), form: { values: formValues(data), errors: {} } }));
  };
  const agendaForm = async (actor: MeetingActor, data: Data, errors: FieldError[], values: Record<string, string>): Promise<AdaptiveCard> => {
    const loaded = await service.load(String(data[m.meetingId] ?? ''), actor);
    return asCard(loaded ? agendaCard(loaded.stored.meeting, loaded.group, { form: formState(errors, values) }) : plainCard("I couldn't find that meeting."));
  };

  on(MeetingVerbs.agendaMove, async (_c, data, actor) => {
    const parsed = parseForm(agendaMoveSchema, data);
    if (!parsed.ok) return agendaForm(actor, data, parsed.errors, parsed.values);
    return agendaAnswer(actor, data, await service.editAgenda(parsed.value[m.meetingId], { kind: 'move', itemId: parsed.value[m.agendaItem], toNumber: parsed.value[m.toPosition] }, actor), 'Item moved.');
  });
  on(MeetingVerbs.agendaDrop, async (_c, data, actor) => {
    const parsed = parseForm(agendaDropSchema, data);
    if (!parsed.ok) return agendaForm(actor, data, parsed.errors, parsed.values);
    return agendaAnswer(actor, data, await service.editAgenda(parsed.value[m.meetingId], { kind: 'drop', itemId: parsed.value[m.agendaItem] }, actor), 'Item dropped.');
  });
  on(MeetingVerbs.agendaAdd, async (_c, data, actor) => {
    const parsed = parseForm(agendaAddSchema, data);
    if (!parsed.ok) return agendaForm(actor, data, parsed.errors, parsed.values);
    return agendaAnswer(actor, data, await service.editAgenda(parsed.value[m.meetingId], { kind: 'add', title: parsed.value[m.newItemTitle] }, actor), 'Item added before Any other business.');
  });

  // ---------------------------------------------------------------- running the meeting

  onCommand(app, /^\s*start meeting\s*$/i, 'start meeting', 'attend-meetings', async (context) => {
    const group = await groupHere(context);
    if (typeof group === 'string') return void (await context.sendActivity(group));
    const active = await service.activeMeeting(group.id);
    if (!active) return void (await context.sendActivity('No meeting is scheduled. Type "schedule meeting" first.'));
    if (active.meeting.status === 'scheduled') {
      const today = londonDate(deps.clock.now());
      if (startsOnAnotherDay(active.meeting, today)) return void (await context.sendActivity(attach(startOnAnotherDayCard(active.meeting, today))));
      const started = await service.start(active.meeting.id, actorOf(context));
      if (!started.ok) return void (await context.sendActivity(started.message));
      return void (await postMeetingCard(context, started.stored, started.group));
    }
    await postMeetingCard(context, active, group);
  });

  on(MeetingVerbs.start, async (context, data, actor) => {
    const parsed = parseForm(meetingOnlySchema, data);
    if (!parsed.ok) return asCard(plainCard('Type "start meeting" in the group\'s channel.'));
    // Started on another day than planned: only once the chair has said so today, and the minutes take today's date.
    const today = londonDate(deps.clock.now());
    const loaded = await service.load(parsed.value[m.meetingId], actor);
    const otherDay = loaded !== undefined && startsOnAnotherDay(loaded.stored.meeting, today);
    if (loaded && otherDay && data[m.heldOn] !== today) return asCard(startOnAnotherDayCard(loaded.stored.meeting, today));
    const started = await service.start(parsed.value[m.meetingId], actor, otherDay ? today : undefined);
    if (!started.ok) return answer(context, data, started);
    // The meeting's one live card is posted at the top of the channel, where every change updates it; the clicked
    // card points there rather than becoming a second copy that would stop following the meeting.
    await postMeetingCard(context, started.stored, started.group);
    return asCard(plainCard(`The ${started.group.name} meeting has started: its card is the newest post in this channel, and replies in its thread go into the minutes.`));
  });

  on(MeetingVerbs.cancelStart, async (_c, data, actor) => {
    const loaded = await service.load(String(data[m.meetingId] ?? ''), actor);
    return asCard(plainCard(loaded ? `The meeting was not started. It is still scheduled for ${describeDate(loaded.stored.meeting.date)}.` : "I couldn't find that meeting."));
  });

  on(MeetingVerbs.show, async (_c, data, actor) => {
    const loaded = await service.load(String(data[m.meetingId] ?? ''), actor);
    return asCard(loaded ? await renderMeeting(loaded.stored, loaded.group) : plainCard("I couldn't find that meeting."));
  });

  runOn(MeetingVerbs.next, moveFormSchema, (meeting, v) => moveNext(meeting, Number(v[m.at])));
  runOn(MeetingVerbs.previous, moveFormSchema, (meeting, v) => movePrevious(meeting, Number(v[m.at])));
  runOn(MeetingVerbs.addNote, noteFormSchema, (meeting, v, actor) => addNote(meeting, String(v[m.itemId]), String(v[m.noteText]), edit(actor), Number(v[m.itemVersion])));
  runOn(MeetingVerbs.addDecision, decisionFormSchema, (meeting, v, actor) => addDecision(meeting, String(v[m.itemId]), String(v[m.decisionText]), edit(actor), Number(v[m.itemVersion])));
  runOn(MeetingVerbs.removeLine, removeLineFormSchema, (meeting, v) => removeCapturedLine(meeting, String(v[m.itemId]), String(v[m.noteId]), Number(v[m.itemVersion])), 'Line removed from the minutes.');
  runOn(MeetingVerbs.revealNames, revealSchema, (meeting, v, actor) => revealNames(meeting, String(v[m.caseId]), actor.id));

  on(MeetingVerbs.addAction, async (context, data, actor) => {
    const parsed = parseForm(actionFormSchema, data);
    return withForm(actor, data, parsed, async (v) => {
      const loaded = await service.load(v[m.meetingId], actor);
      if (!loaded) return asCard(plainCard("I couldn't find that meeting."));
      const owner = ownerFrom(v[m.actionOwner], meetingPeople(loaded.stored.meeting, loaded.group)) ?? (await searchedOwner(context, v[m.actionOwner]));
      if (!owner) return asCard(await renderMeeting(loaded.stored, loaded.group, { form: formState([{ field: m.actionOwner, message: 'Choose the owner from the list' }], formValues(data)) }));
      const outcome = await service.run(v[m.meetingId], actor, (meeting) =>
        addAction(meeting, v[m.itemId], { what: v[m.actionWhat], owner, dueDate: v[m.actionDue] }, edit(actor), v[m.itemVersion]),
      );
      return answer(context, data, outcome);
    });
  });

  on(MeetingVerbs.attendanceForm, async (_c, data, actor) => {
    const loaded = await service.load(String(data[m.meetingId] ?? ''), actor);
    return asCard(loaded ? attendanceCard(loaded.stored.meeting, loaded.group) : plainCard("I couldn't find that meeting."));
  });

  on(MeetingVerbs.attendance, async (context, data, actor) => {
    const loaded = await service.load(String(data[m.meetingId] ?? ''), actor);
    if (!loaded) return asCard(plainCard("I couldn't find that meeting."));
    const parsed = parseForm(attendanceFormSchema, data);
    if (!parsed.ok) return asCard(attendanceCard(loaded.stored.meeting, loaded.group, formState(parsed.errors, parsed.values)));
    const people = meetingPeople(loaded.stored.meeting, loaded.group);
    const pick = (keys: string[]) => people.filter((p) => keys.includes(ownerValue.person(p))).map((p) => ({ ...(p.id ? { id: p.id } : {}), name: p.name, agency: p.agency }));
    const outcome = await service.run(loaded.stored.meeting.id, actor, (meeting) =>
      recordAttendance(meeting, { present: pick(parsed.value[m.present]), apologies: pick(parsed.value[m.apologies]), guests: parsed.value[m.guests] }),
    );
    if (!outcome.ok && outcome.kind === 'refused') return asCard(attendanceCard(loaded.stored.meeting, loaded.group, formState([{ field: '_form', message: outcome.message }], formValues(data))));
    return answer(context, data, outcome, 'Attendance recorded.');
  });

  on(MeetingVerbs.approvePrevious, async (context, data, actor) => {
    const parsed = parseForm(meetingOnlySchema, data);
    if (!parsed.ok) return asCard(plainCard("I couldn't find that meeting."));
    const approved = await service.approvePreviousMinutes(parsed.value[m.meetingId], actor);
    const loaded = await service.load(parsed.value[m.meetingId], actor);
    if (!loaded) return asCard(plainCard("I couldn't find that meeting."));
    const banner = approved.ok ? bannerText('The previous minutes are approved and now read-only.') : bannerWarning(approved.message);
    const card = await renderMeeting(loaded.stored, loaded.group);
    if (approved.ok) await refreshPosted(context, loaded.stored, card);
    return asCard(await renderMeeting(loaded.stored, loaded.group, { banner }));
  });

  // ---------------------------------------------------------------- corrections to final or approved minutes

  const minutesCard = async (loaded: { stored: StoredMeeting; group: StoredTargetGroup }, actor: MeetingActor, extra: { banner?: Element; form?: FormState } = {}) =>
    summaryCard(await service.minutesOf(loaded.group, loaded.stored.meeting), loaded.stored.meeting, { url: service.minutesLink(loaded.stored.meeting.id, actor), expiresOn: londonDate(linkExpiry(deps.clock.now())) }, extra);

  on(MeetingVerbs.correctionForm, async (_c, data, actor) => {
    const parsed = parseForm(meetingOnlySchema, data);
    const previous = parsed.ok ? await service.previousMeeting(parsed.value[m.meetingId], actor) : undefined;
    return asCard(previous ? await minutesCard(previous, actor) : plainCard('This group has no earlier minutes.'));
  });

  on(MeetingVerbs.addCorrection, async (_c, data, actor) => {
    const loaded = await service.load(String(data[m.meetingId] ?? ''), actor);
    if (!loaded) return asCard(plainCard("I couldn't find those minutes."));
    const parsed = parseForm(correctionFormSchema, data);
    if (!parsed.ok) return asCard(await minutesCard(loaded, actor, { form: formState(parsed.errors, parsed.values) }));
    const outcome = await service.addCorrection(loaded.stored.meeting.id, parsed.value[m.correctionText], actor, parsed.value[m.submitKey]);
    if (!outcome.ok) return asCard(await minutesCard(loaded, actor, { banner: bannerWarning(outcome.message), form: { values: formValues(data), errors: {} } }));
    return asCard(await minutesCard(outcome, actor, { banner: bannerText('Correction added to the minutes.') }));
  });

  // ---------------------------------------------------------------- thread capture

  /**
   * Every message in a running meeting's thread, @mentioned or not, is minuted on the open item and never
   * taken as a command: this runs before any route. Only a leading slash word is read (/off, /next, /prev).
   */
  const captureInThread = guarded(app, 'meeting thread reply', 'attend-meetings', async (context, actor, stored: StoredMeeting): Promise<void> => {
    const text = context.activity.text ?? '';
    const word = threadWordOf(messagePlainText(text));
    if (word.kind === 'off') return;
    if (word.kind === 'unknown') return void (await context.sendActivity(THREAD_HINT));
    const outcome =
      word.kind === 'minute'
        ? await service.captureFromThread(stored.meeting.id, text, actor, deps.clock.now(), context.activity.id)
        : await service.run(stored.meeting.id, actor, (meeting) => (word.kind === 'next' ? moveNext(meeting) : movePrevious(meeting)));
    if (outcome?.ok) await refreshPosted(context, outcome.stored, await renderMeeting(outcome.stored, outcome.group));
    else if (outcome && word.kind !== 'minute') await context.sendActivity(outcome.message);
  });

  app.turn('beforeTurn', async (context) => {
    if (context.activity.type !== 'message' || !channelOf(context.activity)) return true;
    const root = threadRootOf(context.activity);
    const stored = root ? await service.meetingForThread(root, actorOf(context)) : undefined;
    if (!stored || stored.meeting.status !== 'in-progress') return true;
    await captureInThread(context, stored);
    return false;
  });

  // ---------------------------------------------------------------- finishing

  const endMeeting = async (context: TurnContext, meetingId: string, actor: MeetingActor): Promise<Element> => {
    const result = await service.end(meetingId, actor);
    if (!result.ok) {
      const loaded = result.kind === 'conflict' ? result : await service.load(meetingId, actor);
      return loaded ? renderMeeting(loaded.stored, loaded.group, { banner: bannerWarning(result.message) }) : plainCard(result.message);
    }
    const { stored, group, minutes } = result.ended;
    const expiresOn = londonDate(linkExpiry(deps.clock.now()));
    await context.sendActivity(attach(summaryCard(minutes, stored.meeting, { url: service.minutesLink(stored.meeting.id, actor), expiresOn })));
    const ended = await renderMeeting(stored, group);
    await refreshPosted(context, stored, ended);
    return ended;
  };

  onCommand(app, /^\s*end meeting\s*$/i, 'end meeting', 'attend-meetings', async (context) => {
    const group = await groupHere(context);
    if (typeof group === 'string') return void (await context.sendActivity(group));
    const active = await service.activeMeeting(group.id);
    if (!active || active.meeting.status !== 'in-progress') return void (await context.sendActivity('No meeting is in progress in this channel.'));
    const card = await endMeeting(context, active.meeting.id, actorOf(context));
    if (card.type === 'AdaptiveCard' && !active.cardActivityId) await context.sendActivity(attach(card));
  });

  on(MeetingVerbs.end, async (context, data, actor) => {
    const parsed = parseForm(meetingOnlySchema, data);
    if (!parsed.ok) return asCard(plainCard("I couldn't find that meeting."));
    return asCard(await endMeeting(context, parsed.value[m.meetingId], actor));
  });

  on(MeetingVerbs.markFinal, async (_c, data, actor) => {
    const parsed = parseForm(meetingOnlySchema, data);
    if (!parsed.ok) return asCard(plainCard("I couldn't find that meeting."));
    const outcome = await service.markFinal(parsed.value[m.meetingId], actor);
    if (!outcome.ok) return asCard(plainCard(outcome.message));
    const minutes = await service.minutesOf(outcome.group, outcome.stored.meeting);
    const expiresOn = londonDate(linkExpiry(deps.clock.now()));
    return asCard(summaryCard(minutes, outcome.stored.meeting, { url: service.minutesLink(outcome.stored.meeting.id, actor), expiresOn }));
  });

  // ---------------------------------------------------------------- my actions

  const myActions = async (actor: MeetingActor, extra: { banner?: Element; form?: FormState } = {}) => myActionsCard(await service.myActions(actor), extra);

  onCommand(app, /^\s*my actions\s*$/i, 'my actions', 'attend-meetings', async (context) => {
    await context.sendActivity(attach(await myActions(actorOf(context))));
  });
  on(MeetingVerbs.myActions, async (_c, _data, actor) => asCard(await myActions(actor)));
  on(MeetingVerbs.actionDone, async (_c, data, actor) => {
    const parsed = parseForm(actionIdSchema, data);
    if (!parsed.ok) return asCard(await myActions(actor));
    const result = await service.closeAction(parsed.value[m.actionId], { kind: 'done' }, actor);
    return asCard(await myActions(actor, { banner: result.ok ? bannerText('Action marked done.') : bannerWarning(result.message) }));
  });
  on(MeetingVerbs.actionDrop, async (_c, data, actor) => {
    const parsed = parseForm(dropActionSchema, data);
    if (!parsed.ok) return asCard(await myActions(actor, { form: formState(parsed.errors, parsed.values) }));
    const result = await service.closeAction(parsed.value[m.actionId], { kind: 'drop', reason: parsed.value[m.dropReason] }, actor);
    return asCard(await myActions(actor, { banner: result.ok ? bannerText('Action dropped.') : bannerWarning(result.message) }));
  });

  // ---------------------------------------------------------------- Teams meeting events in the group's channel

  /** When the channel's Teams meeting starts or ends, offer to start or finish the minutes (never silently). */
  const onMeetingEvent = (kind: 'started' | 'ended') => async (context: TurnContext) => {
    const group = await groupHere(context);
    if (typeof group === 'string') return;
    const active = await service.activeMeeting(group.id);
    const wanted = kind === 'started' ? 'scheduled' : 'in-progress';
    if (active?.meeting.status === wanted) await context.sendActivity(attach(meetingEventCard(kind, active.meeting, group)));
  };
  app.meetings.start(guarded(app, 'Teams meeting started', 'attend-meetings', onMeetingEvent('started')));
  app.meetings.end(guarded(app, 'Teams meeting ended', 'attend-meetings', onMeetingEvent('ended')));

  // Other channel chatter the bot only sees through its channel-message permission, without an @mention, is
  // not for the bot and gets no reply.
  app.message(
    async (context) => channelOf(context.activity) !== undefined && !mentionsBot(context.activity),
    async () => undefined,
  );
}

