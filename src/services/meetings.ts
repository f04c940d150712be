/**
 * Target group meetings as an application service: set up a group in a channel, nominate cases, schedule a
 * meeting with its agenda built from the area's caseload, run it (every change a pure domain transition,
 * saved under the meeting's version and retried on a race), end it into minutes and tracked actions that
 * chase themselves, and serve the minutes as a .docx. Every change, and every download, is audited.
 */
import { createHash } from 'node:crypto';
import type { AreaCaseload } from '../db/areaCaseload.js';
import type { AuditLog } from '../db/audit.js';
import type { CaseRepository } from '../db/cases.js';
import { ActionVersionConflict, type MeetingActionRepository } from '../db/meetingActions.js';
import { MeetingVersionConflict, type MeetingRepository, type StoredMeeting } from '../db/meetings.js';
import { ChannelAlreadyHasGroup, type NominationRepository, type StoredNomination, type StoredTargetGroup, type TargetGroupRepository } from '../db/targetGroups.js';
import { minutesToDocx } from '../documents/minutesDocx.js';
import { addDays, londonDate } from '../domain/calendar/localDate.js';
import type { WorkingCalendar } from '../domain/calendar/workingCalendar.js';
import { decide, mayCase, type Actor } from '../domain/access/index.js';
import { areaName, type Area } from '../domain/cases/areas.js';
import { changedFieldNames, type AuditAction } from '../domain/cases/audit.js';
import type { CaseReviewThresholds } from '../domain/cases/caseReview.js';
import { newId } from '../domain/cases/ids.js';
import type { Clock } from '../domain/clock.js';
import {
  addItem, itemNumbers, appendCorrection, approveMinutes, areaConflicts, buildAgenda, buildMinutes, captureThreadMessage, carryForward, createMeeting, dropAction, dropItem, endMeeting,
  markActionDone, markFinal, minutesDueBy, nextMeetingDate, reorderItem, setAgenda, startMeeting, targetGroupSchema, trackedActionsFromMeeting,
  meetingChange, type AgendaEditResult, type AreaConflict, type Meeting, type MeetingChange, type MeetingResult, type Minutes, type Nomination, type TargetGroupInput, type TrackedAction,
} from '../domain/meetings/index.js';
import type { Outbox, Reminders } from '../reminders/ports.js';
import { contentTypes, safeFilename, type DownloadKind, type Downloads } from '../security/downloads.js';
import type { CaseGroupAction, Officer } from './caseFile.js';
import { StepRefused, type IntentKind, type Intents } from './intents.js';

/** The person acting, with their organisation and team. */
export type MeetingActor = Officer;

export interface MeetingServiceDeps {
  groups: TargetGroupRepository;
  nominations: NominationRepository;
  meetings: MeetingRepository;
  actions: MeetingActionRepository;
  caseload: AreaCaseload;
  cases: CaseRepository;
  audit: AuditLog;
  clock: Clock;
  calendar: WorkingCalendar;
  reminders: Reminders;
  outbox: Outbox;
  /** Signs and serves the minutes download links. */
  downloads: Downloads;
  intents: Intents;
  /** Sends each action owner their actions once the meeting has ended (a step of ending it). */
  tellActionOwners?: (ended: EndedMeeting) => Promise<void>;
  /** The ASB team's areas, so the minutes name them ("Kingsford", not its id). */
  areasOf?: (teamId: string) => Promise<readonly Area[]>;
  /** The team's own ASB Case Review thresholds (its settings), for the agenda's threshold section. */
  caseReviewFor?: (teamId: string) => Promise<CaseReviewThresholds>;
  /** What follows from an ended meeting elsewhere (an ASB Case Review takes its recommendations); a step of ending it. */
  afterEnded?: (meeting: Meeting) => Promise<void>;
}

/** Ending a meeting: the ended meeting, its audit entry, its tracked actions, their reminders and the owners' messages. */
interface EndIntent {
  /** The meeting as ended, and the version it replaces. */
  ended: StoredMeeting;
  actor: { id: string; name?: string; teamId?: string };
  minutesFinalBy: string;
  changedFields: string[];
}

/** A new meeting, its nominations marked as listed on its agenda, and its audit entry. */
interface ScheduleIntent {
  stored: StoredMeeting;
  nominationIds: string[];
  actor: { id: string; name?: string; teamId?: string };
}

/**
 * A change to a meeting (attendance, a note, a decision, an action, moving on) saved as its next version, and its
 * audit entry. It holds the change only, not the meeting. `revision` tells the change that won version n+1 from
 * one that lost the race to it.
 */
interface ChangeIntent {
  meetingId: string;
  version: number;
  change: MeetingChange;
  revision: string;
  action: AuditAction;
  changedFields: string[];
  actor: { id: string; name?: string; teamId?: string };
}
/** A change recorded before intents held the change only carries the whole next meeting instead. */
type RecordedChange = ChangeIntent | (Omit<ChangeIntent, 'meetingId' | 'version' | 'change'> & { next: StoredMeeting });

/** A nomination and its audit entry; the key is the nominate form's own, scoped to the case. */
interface NominateIntent {
  key: string;
  nomination: StoredNomination;
  teamId: string;
  actor: { id: string; name: string };
}

export type SetUpResult =
  | { ok: true; group: StoredTargetGroup }
  | { ok: false; kind: 'channel-taken'; group: StoredTargetGroup }
  | { ok: false; kind: 'area-clash'; conflicts: AreaConflict[] };

export type MeetingOutcome =
  | { ok: true; stored: StoredMeeting; group: StoredTargetGroup }
  | { ok: false; kind: 'not-found' | 'not-allowed' | 'refused'; message: string }
  | { ok: false; kind: 'conflict'; stored: StoredMeeting; group: StoredTargetGroup; message: string };

export interface EndedMeeting {
  stored: StoredMeeting;
  group: StoredTargetGroup;
  minutes: Minutes;
  actions: TrackedAction[];
}

const SAVE_ATTEMPTS = 3;
const MINUTES_DOWNLOAD = 'minutes';

const refusalMessages: Record<string, string> = {
  'wrong-status': 'That cannot be done at this stage of the meeting.',
  'read-only': 'These minutes are approved and read-only; add a correction instead.',
  'not-found': 'That item is no longer on the agenda.',
  'no-open-item': 'No agenda item is open.',
  invalid: 'Please check what you entered.',
  'not-allowed': 'Only the chair or the minute-taker can do that.',
  'moved-on': 'Someone has already moved the meeting on. Here is the item now open.',
};

const agendaRefusals: Record<Exclude<AgendaEditResult, { ok: true }>['reason'], string> = {
  'not-found': 'That item is no longer on the agenda.',
  'cannot-drop': 'Apologies, previous minutes and the date of the next meeting stay on every agenda.',
  'cannot-move': 'Apologies stay first and the date of the next meeting stays last.',
  'bad-position': 'Choose an item number on the agenda, after Apologies and before the date of the next meeting.',
  'case-already-listed': 'That case is already on the agenda.',
  'empty-title': 'Give the new item a title.',
};

/** A short fixed-length stand-in for a key that may be long (an activity id is whatever the sender put there). */
function digest(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 32);
}

export class MeetingService {
  private readonly ending: IntentKind<EndIntent>;
  private readonly nominating: IntentKind<NominateIntent>;
  private readonly scheduling: IntentKind<ScheduleIntent>;
  private readonly changing: IntentKind<RecordedChange>;

  constructor(private readonly deps: MeetingServiceDeps) {
    this.ending = deps.intents.define<EndIntent>('meeting.end', [
      { name: 'end', run: ({ ended }) => this.saveEnded(ended) },
      { name: 'audit', run: ({ ended, actor, changedFields }) => this.audit(actor, 'status', ended.meeting.id, changedFields, `meeting.end:${ended.meeting.id}`) },
      { name: 'actions', run: async ({ ended }) => this.deps.actions.insertNew(trackedActionsFromMeeting(ended.meeting), ended.tenantId) },
      { name: 'reminders', run: (intent) => this.remindOfEnded(intent) },
      { name: 'owners', run: async ({ ended }) => void (await this.deps.tellActionOwners?.(await this.endedView(ended))) },
      { name: 'follow-up', run: async ({ ended }) => void (await this.deps.afterEnded?.(ended.meeting)) },
    ]);
    this.scheduling = deps.intents.define<ScheduleIntent>('meeting.schedule', [
      { name: 'meeting', run: ({ stored }) => this.deps.meetings.insertOnce(stored) },
      { name: 'listed', run: ({ stored, nominationIds }) => this.deps.nominations.markListed(nominationIds, stored.meeting.id) },
      { name: 'audit', run: ({ stored, actor }) => this.audit(actor, 'create', stored.meeting.id, ['date', 'agenda', 'chair', 'minuteTaker'], `meeting.schedule:${stored.meeting.id}`) },
    ]);
    this.changing = deps.intents.define<RecordedChange>('meeting.change', [
      { name: 'save', run: (intent) => this.saveChange(intent) },
      {
        name: 'audit',
        run: (intent) => {
          const [id, version] = 'next' in intent ? [intent.next.meeting.id, intent.next.version] : [intent.meetingId, intent.version];
          return this.audit(intent.actor, intent.action, id, intent.changedFields, `meeting.change:${id}:${version}`);
        },
      },
    ]);
    this.nominating = deps.intents.define<NominateIntent>('meeting.nominate', [
      { name: 'nomination', run: ({ nomination }) => this.deps.nominations.insertOnce(nomination) },
      {
        name: 'audit',
        run: ({ key, nomination, teamId, actor }) =>
          this.deps.audit.record(
            { at: this.deps.clock.now(), actorId: actor.id, actorName: actor.name, action: 'create', entity: 'meeting', entityId: nomination.id, caseReference: nomination.caseReference, changedFields: ['nomination.groupId', 'nomination.reason'], teamId },
            `meeting.nominate:${key}`,
          ),
      },
    ]);
  }

  private today(): string {
    return londonDate(this.deps.clock.now());
  }

  private async audit(actor: { id: string; name?: string; teamId?: string }, action: AuditAction, entityId: string, changedFields: string[], key?: string): Promise<void> {
    await this.deps.audit.record({ at: this.deps.clock.now(), actorId: actor.id, ...(actor.name ? { actorName: actor.name } : {}), action, entity: 'meeting', entityId, changedFields, teamId: actor.teamId }, key);
  }

  // ---------------------------------------------------------------- groups

  /** The group bound to the channel, if the actor may see it. */
  async groupInChannel(teamId: string, channelId: string, actor: MeetingActor): Promise<StoredTargetGroup | undefined> {
    return this.visible(await this.deps.groups.inChannel(teamId, channelId), actor);
  }

  async group(id: string, actor: MeetingActor): Promise<StoredTargetGroup | undefined> {
    return this.visible(await this.deps.groups.get(id), actor);
  }

  /** The group, if the policy lets the actor see its meetings: the tenant comes from the stored group, never a card. */
  private visible(group: StoredTargetGroup | undefined, actor: Actor, action: 'view' | 'download' = 'view'): StoredTargetGroup | undefined {
    return group && decide(actor, action, { kind: 'target-group', tenantId: group.tenantId }).allow ? group : undefined;
  }

  groupsInTenant(tenantId: string): Promise<StoredTargetGroup[]> {
    return this.deps.groups.inTenant(tenantId);
  }

  /** Binds a new group to the channel. An area another group already covers needs `confirmAreaClash`. */
  async setUpGroup(input: Omit<TargetGroupInput, 'id'>, actor: MeetingActor, confirmAreaClash: boolean): Promise<SetUpResult> {
    const existing = await this.deps.groups.inChannel(input.channel.teamId, input.channel.channelId);
    if (existing) return { ok: false, kind: 'channel-taken', group: existing };
    const conflicts = areaConflicts(input.areas, await this.deps.groups.inTenant(actor.tenantId));
    if (conflicts.length > 0 && !confirmAreaClash) return { ok: false, kind: 'area-clash', conflicts };
    const group: StoredTargetGroup = { ...targetGroupSchema.parse({ ...input, id: newId() }), tenantId: actor.tenantId, version: 1 };
    try {
      await this.deps.groups.insert(group);
    } catch (error) {
      if (!(error instanceof ChannelAlreadyHasGroup)) throw error;
      const winner = await this.deps.groups.inChannel(input.channel.teamId, input.channel.channelId);
      if (winner) return { ok: false, kind: 'channel-taken', group: winner };
      throw error;
    }
    await this.audit(actor, 'create', group.id, changedFieldNames({}, group));
    return { ok: true, group };
  }

  /**
   * An officer nominates a case they can see for a group's next agenda. The same form submitted twice (a double
   * click, a replayed submit) nominates once: the nomination's id comes from the form's key, scoped to the case.
   */
  async nominate(
    caseId: string, groupId: string, reason: string, actor: MeetingActor, submitKey: string = newId(),
  ): Promise<{ ok: true; group: StoredTargetGroup; reference: string } | { ok: false; message: string }> {
    const found = await this.deps.cases.get(caseId);
    if (!found || !mayCase(actor, 'view', found)) return { ok: false, message: "I couldn't find that case." };
    const group = await this.deps.groups.get(groupId);
    if (!group || group.tenantId !== actor.tenantId) return { ok: false, message: 'Choose a target group from the list.' };
    const key = `${caseId}:${submitKey}`;
    await this.deps.intents.run(this.nominating, key, () => ({
      key, teamId: found.teamId, actor: { id: actor.id, name: actor.name },
      nomination: { id: key, groupId, caseId, caseReference: found.reference, reason, nominatedBy: { id: actor.id, name: actor.name }, nominatedOn: this.today() },
    }));
    return { ok: true, group, reference: found.reference };
  }

  // ---------------------------------------------------------------- scheduling

  /** The meeting not yet ended, if any (a group runs one meeting at a time). */
  async activeMeeting(groupId: string): Promise<StoredMeeting | undefined> {
    // An ASB Case Review meeting held by the group is run from its own card and does not stop the group's cycle.
    const active = (await this.deps.meetings.statuses(groupId, 10)).find((m) => !m.caseReview && (m.status === 'scheduled' || m.status === 'in-progress'));
    return active ? this.deps.meetings.get(active.id) : undefined;
  }

  /** The latest meeting of the group that has ended, other than `exceptId`. */
  private async previousOf(groupId: string, exceptId?: string): Promise<{ id: string; date: string; status: Meeting['status'] } | undefined> {
    return (await this.deps.meetings.statuses(groupId, 20)).find((m) => m.id !== exceptId && !m.caseReview && ['ended', 'final', 'approved'].includes(m.status));
  }

  /**
   * Creates the next meeting (on `date`, or the group's usual day) with its agenda built from the cases of the
   * group's areas. If one is already scheduled, that one is returned. The intent is keyed on the meeting it follows,
   * so requests at the same instant (a replayed submit, or two people's clicks with two activity ids) schedule one.
   */
  async schedule(group: StoredTargetGroup, date: string | undefined, actor: MeetingActor): Promise<{ stored: StoredMeeting; created: boolean }> {
    const active = await this.activeMeeting(group.id);
    if (active) return { stored: active, created: false };
    const latest = (await this.deps.meetings.statuses(group.id, 20)).find((m) => !m.caseReview);
    const { payload, first } = await this.deps.intents.run(this.scheduling, `${group.id}:after:${latest?.id ?? 'none'}`, async () => {
      const previous = await this.previousOf(group.id);
      const yesterday = addDays(this.today(), -1);
      const meetingDate = date ?? nextMeetingDate(group.schedule, yesterday);
      const agenda = await this.buildAgendaFor(group, meetingDate, previous?.date ?? null);
      const meeting = createMeeting({ id: newId(), group, date: meetingDate, agenda: agenda.agenda });
      const stored: StoredMeeting = { meeting, tenantId: group.tenantId, conversationId: group.channel.conversationId, version: 1 };
      return { stored, nominationIds: agenda.nominationIds, actor: { id: actor.id, name: actor.name, teamId: actor.teamId } };
    });
    return { stored: (await this.deps.meetings.get(payload.stored.meeting.id)) ?? payload.stored, created: first };
  }

  /** The agenda for a meeting of the group: exposed for the benchmark. */
  async buildAgendaFor(group: StoredTargetGroup, meetingDate: string, lastMeetingDate: string | null): Promise<{ agenda: Meeting['agenda']; nominationIds: string[] }> {
    const following = nextMeetingDate(group.schedule, meetingDate);
    const nominated = this.deps.nominations.waiting(group.id);
    const [caseload, waiting, openActions] = await Promise.all([
      // The group's cases are those of the tenant's team (src/db/areaCaseload.ts), so its thresholds apply.
      Promise.resolve(this.deps.caseReviewFor?.(group.tenantId)).then((thresholds) =>
        this.deps.caseload.forAgenda({
          tenantId: group.tenantId, areas: group.areas, since: lastMeetingDate, now: this.deps.clock.now(), monitoringEndsBefore: following,
          nominatedCaseIds: nominated.then((n) => n.map((w) => w.caseId)),
          ...(thresholds ? { thresholds } : {}),
        })),
      nominated,
      this.deps.actions.openForGroup(group.id),
    ]);
    const summaries = await caseload.summaries(waiting.map((n) => n.caseId));
    const nominations: Nomination[] = waiting.flatMap((n) => {
      const summary = summaries.get(n.caseId);
      return summary ? [{ case: summary, reason: n.reason, nominatedBy: n.nominatedBy, nominatedOn: n.nominatedOn }] : [];
    });
    const agenda = buildAgenda({
      meetingDate,
      lastMeetingDate,
      nextMeetingDate: following,
      openActions: carryForward(openActions),
      newHighRiskCases: caseload.newHighRiskCases,
      nominations,
      caseReviewThresholdCases: caseload.caseReviewThresholdCases,
      monitoringEndingBeforeNextMeeting: caseload.monitoringEndingBeforeNextMeeting,
      areaFigures: caseload.areaFigures,
    });
    return { agenda, nominationIds: waiting.filter((n) => summaries.has(n.caseId)).map((n) => n.id) };
  }

  /** The chair's edits to the agenda before the meeting. */
  async editAgenda(meetingId: string, edit: { kind: 'move'; itemId: string; toNumber: string } | { kind: 'drop'; itemId: string } | { kind: 'add'; title: string }, actor: MeetingActor): Promise<MeetingOutcome> {
    return this.change(meetingId, actor, 'update', (meeting) => {
      if (actor.id !== meeting.chair.id) return { ok: false, reason: 'not-allowed', message: 'Only the chair can change the agenda.' };
      const result =
        edit.kind === 'move' ? reorderItem(meeting.agenda, edit.itemId, itemNumbers(meeting.agenda).indexOf(edit.toNumber)) : edit.kind === 'drop' ? dropItem(meeting.agenda, edit.itemId) : addItem(meeting.agenda, { title: edit.title });
      if (!result.ok) return { ok: false, reason: 'invalid', message: agendaRefusals[result.reason] };
      return setAgenda(meeting, result.agenda);
    });
  }

  // ---------------------------------------------------------------- running

  /** The meeting and its group, if the actor may see them; otherwise nothing, as if it did not exist. */
  async load(meetingId: string, actor: MeetingActor, action: 'view' | 'download' = 'view'): Promise<{ stored: StoredMeeting; group: StoredTargetGroup } | undefined> {
    const stored = await this.deps.meetings.get(meetingId);
    if (!stored) return undefined;
    const group = this.visible(await this.deps.groups.get(stored.meeting.groupId), actor, action);
    return group ? { stored, group } : undefined;
  }

  /** Starts the meeting; `heldOn` (today, when the chair confirmed starting on another day) re-dates the minutes. */
  async start(meetingId: string, actor: MeetingActor, heldOn?: string): Promise<MeetingOutcome> {
    return this.change(meetingId, actor, 'status', (meeting) =>
      this.runsMeeting(meeting, actor) ? startMeeting(meeting, this.deps.clock.now().toISOString(), heldOn) : notAllowed(),
    );
  }

  /** Who may run the meeting: the chair, the minute-taker, or anyone if the group has no Teams ids for them. */
  runsMeeting(meeting: Meeting, actor: { id: string }): boolean {
    return actor.id === meeting.chair.id || actor.id === meeting.minuteTaker.id;
  }

  /** A change by the chair or minute-taker (notes, decisions, actions, moving on, attendance). */
  async run(meetingId: string, actor: MeetingActor, transition: (meeting: Meeting) => MeetingResult): Promise<MeetingOutcome> {
    return this.change(meetingId, actor, 'update', (meeting) => (this.runsMeeting(meeting, actor) ? transition(meeting) : notAllowed()));
  }

  /** Records the posted meeting card and the channel threads whose replies go into the minutes. */
  async setCardActivity(meetingId: string, post: { cardActivityId?: string; threadRootIds: string[] }): Promise<void> {
    for (let attempt = 0; attempt < SAVE_ATTEMPTS; attempt++) {
      const stored = await this.deps.meetings.get(meetingId);
      if (!stored) return;
      const threadRootIds = [...new Set([...(stored.threadRootIds ?? []), ...post.threadRootIds])];
      const cardActivityId = post.cardActivityId ?? stored.cardActivityId;
      try {
        await this.deps.meetings.save({ ...stored, ...(cardActivityId ? { cardActivityId } : {}), threadRootIds, version: stored.version + 1 });
        return;
      } catch (error) {
        if (!(error instanceof MeetingVersionConflict)) throw error;
      }
    }
  }

  /** The meeting whose minutes take the replies in the channel thread with this root post, if the actor may add to it. */
  async meetingForThread(rootActivityId: string, actor: MeetingActor): Promise<StoredMeeting | undefined> {
    const stored = await this.deps.meetings.byThreadRoot(rootActivityId);
    return stored && (await this.load(stored.meeting.id, actor)) ? stored : undefined;
  }

  /** A reply in the meeting card's thread becomes a note on the open item (unless it starts with /off). */
  async captureFromThread(meetingId: string, text: string, author: MeetingActor, at: Date, activityKey?: string): Promise<MeetingOutcome | undefined> {
    let captured = false;
    const outcome = await this.change(meetingId, author, 'update', (meeting) => {
      const result = captureThreadMessage(meeting, text, author, at.toISOString(), activityKey === undefined ? undefined : digest(activityKey));
      if (!result.ok) return { ok: false, reason: 'no-open-item' };
      captured = true;
      return { ok: true, meeting: result.meeting };
    });
    return captured ? outcome : undefined;
  }

  /**
   * Loads, applies the transition and saves under the meeting's version; a save that lost a race is retried on
   * what the other person saved, so the transition's own item-version check decides whether it still applies.
   */
  private async change(meetingId: string, actor: MeetingActor, action: AuditAction, transition: (meeting: Meeting) => MeetingResult): Promise<MeetingOutcome> {
    let loaded = await this.load(meetingId, actor);
    for (let attempt = 0; attempt < SAVE_ATTEMPTS && loaded; attempt++) {
      const { stored, group } = loaded;
      const result = transition(stored.meeting);
      if (!result.ok) {
        if (result.reason === 'conflict') {
          await this.deps.intents.resume(this.changing, `${meetingId}:${stored.version}`);
          return { ok: false, kind: 'conflict', stored, group, message: 'Someone else added to this item while you were typing, so your entry was not saved. It is still in the box: check the item and add it again.' };
        }
        if (result.reason === 'not-allowed') return { ok: false, kind: 'not-allowed', message: result.message ?? refusalMessages['not-allowed'] };
        if (result.reason === 'moved-on') return { ok: false, kind: 'conflict', stored, group, message: refusalMessages['moved-on'] };
        return { ok: false, kind: 'refused', message: result.message ?? refusalMessages[result.reason] ?? refusalMessages.invalid };
      }
      // A transition that changed nothing (the same submission again) writes nothing, but finishes the change
      // that made this version if it was interrupted (perhaps this very submission's first try).
      if (result.meeting === stored.meeting) {
        await this.deps.intents.resume(this.changing, `${meetingId}:${stored.version}`);
        return { ok: true, stored, group };
      }
      // Only one change can make version n+1 of a meeting, so that version keys the intent.
      const revision = newId();
      const next: StoredMeeting = { ...stored, meeting: result.meeting, version: stored.version + 1, revision };
      try {
        const changedFields = changedFieldNames(stored.meeting, result.meeting).slice(0, 50);
        const { payload } = await this.deps.intents.start(this.changing, `${meetingId}:${next.version}`, {
          meetingId, version: next.version, change: meetingChange(stored.meeting, result.meeting), revision, action, changedFields,
          actor: { id: actor.id, name: actor.name, teamId: actor.teamId },
        });
        if (payload.revision !== revision) {
          loaded = await this.load(meetingId, actor);
          continue;
        }
      } catch (error) {
        if (!(error instanceof StepRefused)) throw error;
        loaded = { stored: error.refusal as StoredMeeting, group };
        continue;
      }
      return { ok: true, stored: next, group };
    }
    if (!loaded) return { ok: false, kind: 'not-found', message: "I couldn't find that meeting." };
    return { ok: false, kind: 'refused', message: 'The meeting is busy; please try again.' };
  }

  /** Saves the change unless it is already saved (a resumed intent); refuses when someone else saved first. */
  private async saveChange(intent: RecordedChange): Promise<void> {
    const saved = 'next' in intent ? intent.next : intent;
    try {
      if ('next' in intent) await this.deps.meetings.save(intent.next);
      else await this.deps.meetings.saveChange(intent.meetingId, intent.version, intent.revision, intent.change);
    } catch (error) {
      if (!(error instanceof MeetingVersionConflict)) throw error;
      if (error.current.version === saved.version && error.current.revision === saved.revision) return;
      throw new StepRefused<StoredMeeting>(error.current);
    }
  }

  // ---------------------------------------------------------------- finishing

  /**
   * Ends the meeting: the minutes are built, the actions become tracked records with reminders for their
   * owners (the chair for an agency), and the chair is reminded if the minutes are not final in 10 working days.
   */
  async end(meetingId: string, actor: MeetingActor): Promise<{ ok: true; ended: EndedMeeting } | Exclude<MeetingOutcome, { ok: true }>> {
    // A meeting ends once, so its id keys the intent: ending it again finishes an interrupted end.
    const loaded = await this.load(meetingId, actor);
    if (!loaded) return { ok: false, kind: 'not-found', message: "I couldn't find that meeting." };
    const resumed = await this.deps.intents.resume(this.ending, meetingId);
    if (resumed) return { ok: true, ended: await this.endedView(resumed.ended) };
    const { stored, group } = loaded;
    if (!this.runsMeeting(stored.meeting, actor)) return { ok: false, kind: 'not-allowed', message: refusalMessages['not-allowed']! };
    const result = endMeeting(stored.meeting, this.deps.clock.now().toISOString());
    if (!result.ok) return { ok: false, kind: 'refused', message: ('message' in result ? result.message : undefined) ?? refusalMessages[result.reason] ?? refusalMessages.invalid! };
    const ended: StoredMeeting = { ...stored, meeting: result.meeting, version: stored.version + 1 };
    try {
      await this.deps.intents.run(this.ending, meetingId, () => ({
        ended, actor: { id: actor.id, name: actor.name, ...(actor.teamId ? { teamId: actor.teamId } : {}) }, changedFields: changedFieldNames(stored.meeting, result.meeting).slice(0, 50),
        minutesFinalBy: minutesDueBy(this.today(), (from, days) => this.deps.calendar.addWorkingDays(from, days)),
      }));
    } catch (error) {
      if (!(error instanceof StepRefused)) throw error;
      const current = (await this.load(meetingId, actor)) ?? loaded;
      return { ok: false, kind: 'conflict', stored: current.stored, group: current.group, message: refusalMessages['moved-on']! };
    }
    return { ok: true, ended: await this.endedView(ended) };
  }

  private async endedView(ended: StoredMeeting): Promise<EndedMeeting> {
    const group = await this.deps.groups.get(ended.meeting.groupId);
    if (!group) throw new Error('The meeting’s group no longer exists');
    return { stored: ended, group, minutes: await this.minutesOf(group, ended.meeting), actions: trackedActionsFromMeeting(ended.meeting) };
  }

  /** The minutes of a meeting, with the group's areas by name. */
  async minutesOf(group: StoredTargetGroup, meeting: Meeting, teamId?: string): Promise<Minutes> {
    const areas = (teamId && (await this.deps.areasOf?.(teamId))) || [];
    return buildMinutes(group, meeting, (id) => areaName(areas, id));
  }

  /** Saves the ended meeting unless this intent saved it already; someone else's save in between refuses it. */
  private async saveEnded(ended: StoredMeeting): Promise<void> {
    try {
      await this.deps.meetings.save(ended);
    } catch (error) {
      if (!(error instanceof MeetingVersionConflict)) throw error;
      const current = error.current;
      if (current.version === ended.version && current.meeting.status === ended.meeting.status && current.meeting.endedAt === ended.meeting.endedAt) return;
      throw new StepRefused(current);
    }
  }

  /** Each action's owner (the chair for an agency) is reminded, and the chair to mark the minutes final. */
  private async remindOfEnded({ ended, minutesFinalBy }: EndIntent): Promise<void> {
    const { meeting, tenantId } = ended;
    const group = await this.deps.groups.get(meeting.groupId);
    const name = group?.name ?? 'Target group';
    for (const action of trackedActionsFromMeeting(meeting)) {
      await this.deps.reminders.schedule({
        key: `meeting-action:${action.id}`,
        kind: 'meeting-action',
        label: `${name} action: ${action.what}`.slice(0, 300),
        dueDate: action.dueDate,
        recipient: { tenantId, aadObjectId: action.owner.id ?? meeting.chair.id },
        ...(action.caseId ? { caseId: action.caseId } : {}),
        ...(action.caseReference ? { caseReference: action.caseReference } : {}),
      });
    }
    await this.deps.reminders.schedule({
      key: `minutes-final:${meeting.id}`,
      kind: 'minutes-final',
      label: `Mark the minutes of the ${name} meeting on ${meeting.date} final`.slice(0, 300),
      dueDate: minutesFinalBy,
      recipient: { tenantId, aadObjectId: meeting.chair.id },
    });
  }

  async markFinal(meetingId: string, actor: MeetingActor): Promise<MeetingOutcome> {
    const outcome = await this.change(meetingId, actor, 'status', (meeting) =>
      actor.id === meeting.chair.id || actor.id === meeting.minuteTaker.id ? markFinal(meeting, this.deps.clock.now().toISOString()) : notAllowed(),
    );
    if (outcome.ok) await this.deps.reminders.complete(`minutes-final:${meetingId}`);
    return outcome;
  }

  /** At the next meeting the chair approves the previous minutes; they become read-only. */
  async approvePreviousMinutes(currentMeetingId: string, actor: MeetingActor): Promise<MeetingOutcome> {
    const current = (await this.load(currentMeetingId, actor))?.stored;
    if (!current) return { ok: false, kind: 'not-found', message: "I couldn't find that meeting." };
    const previous = await this.previousOf(current.meeting.groupId, currentMeetingId);
    if (!previous) return { ok: false, kind: 'refused', message: 'This group has no earlier minutes to approve.' };
    const outcome = await this.change(previous.id, actor, 'status', (meeting) => approveMinutes(meeting, this.deps.clock.now().toISOString(), actor.id));
    if (outcome.ok) await this.deps.reminders.complete(`minutes-final:${previous.id}`);
    return outcome;
  }

  /** The minutes before this meeting, e.g. to append a correction once they are approved. */
  async previousMeeting(currentMeetingId: string, actor: MeetingActor): Promise<{ stored: StoredMeeting; group: StoredTargetGroup } | undefined> {
    const current = (await this.load(currentMeetingId, actor))?.stored;
    const previous = current ? await this.previousOf(current.meeting.groupId, currentMeetingId) : undefined;
    return previous ? this.load(previous.id, actor) : undefined;
  }

  /** The chair appends a correction to final or approved minutes, which are never edited; audited like any change. */
  async addCorrection(meetingId: string, text: string, actor: MeetingActor, submitKey?: string): Promise<MeetingOutcome> {
    return this.change(meetingId, actor, 'update', (meeting) =>
      actor.id === meeting.chair.id
        ? appendCorrection(meeting, text, { by: actor.name, byId: actor.id, at: this.deps.clock.now().toISOString() }, submitKey)
        : { ok: false, reason: 'not-allowed', message: 'Only the chair can add a correction to the minutes.' },
    );
  }

  /** Where the previous meeting's minutes stand, for the "previous minutes" item of this one. */
  async previousMinutesStatus(current: Pick<Meeting, 'id' | 'groupId'>): Promise<Meeting['status'] | undefined> {
    return (await this.previousOf(current.groupId, current.id))?.status;
  }

  /** The minutes as a Word document; each download is audited against the person the link was issued to. */
  async minutesDocument(meetingId: string, actor: MeetingActor): Promise<{ minutes: Minutes; docx: Buffer } | undefined> {
    const loaded = await this.load(meetingId, actor, 'download');
    if (!loaded) return undefined;
    const minutes = await this.minutesOf(loaded.group, loaded.stored.meeting, actor.teamId);
    const docx = await minutesToDocx(minutes);
    await this.audit({ id: actor.id, name: 'signed download link', teamId: actor.teamId }, 'export', meetingId, ['minutes']);
    return { minutes, docx };
  }

  /** A signed link to the minutes .docx, valid for 7 days, naming the person it was issued to. */
  minutesLink(meetingId: string, issuedTo: Pick<Actor, 'id' | 'tenantId'>): string {
    return this.deps.downloads.link(MINUTES_DOWNLOAD, meetingId, issuedTo).url;
  }

  /** The minutes as a kind of download (src/security/downloads.ts): only for someone who may still see the meeting. */
  minutesDownload(): DownloadKind {
    return {
      name: MINUTES_DOWNLOAD,
      extension: 'docx',
      produce: async (meetingId, actor) => {
        const found = await this.minutesDocument(meetingId, actor);
        if (!found) return undefined;
        return { filename: safeFilename(`${found.minutes.header.groupName} minutes ${found.minutes.header.date}`, 'docx', 'target-group-minutes'), contentType: contentTypes.docx, body: found.docx };
      },
    };
  }

  // ---------------------------------------------------------------- actions

  myActions(actor: MeetingActor): Promise<TrackedAction[]> {
    return this.deps.actions.ownedBy(actor.tenantId, actor.id);
  }

  openActionsForCase(caseId: string): Promise<TrackedAction[]> {
    return this.deps.actions.openForCase(caseId);
  }

  /** The case card's list of the case's open actions: what, who owns it (and their agency), and when due. */
  async caseGroupActions(caseId: string): Promise<CaseGroupAction[]> {
    return (await this.openActionsForCase(caseId)).map((a) => ({
      what: a.what,
      owner: a.owner.kind === 'member' ? `${a.owner.name} (${a.agency})` : a.owner.name,
      due: a.dueDate,
    }));
  }

  /** The owner (or the group's chair) marks an action done or drops it with a reason. */
  async closeAction(actionId: string, change: { kind: 'done' } | { kind: 'drop'; reason: string }, actor: MeetingActor): Promise<{ ok: true; action: TrackedAction } | { ok: false; message: string }> {
    const stored = await this.deps.actions.get(actionId);
    if (!stored || stored.tenantId !== actor.tenantId) return { ok: false, message: "I couldn't find that action." };
    const group = await this.deps.groups.get(stored.action.groupId);
    if (stored.action.owner.id !== actor.id && group?.chair.id !== actor.id) return { ok: false, message: 'Only the owner of the action or the chair can close it.' };
    const edit = { by: actor.name, at: this.deps.clock.now().toISOString() };
    const result = change.kind === 'done' ? markActionDone(stored.action, edit) : dropAction(stored.action, edit, change.reason);
    if (!result.ok) return { ok: false, message: result.reason === 'reason-required' ? 'Say why the action is dropped.' : 'This action is already closed.' };
    try {
      await this.deps.actions.save({ ...stored, action: result.action, version: stored.version + 1 });
    } catch (error) {
      if (error instanceof ActionVersionConflict) return { ok: false, message: 'Someone else changed this action just now. Open "my actions" again.' };
      throw error;
    }
    await this.deps.reminders.complete(`meeting-action:${actionId}`);
    await this.audit(actor, 'status', actionId, change.kind === 'done' ? ['status'] : ['status', 'droppedReason']);
    return { ok: true, action: result.action };
  }
}

function notAllowed(): MeetingResult {
  return { ok: false, reason: 'not-allowed' };
}
