/** Target groups, meetings and meeting actions in a real (embedded) MongoDB: one group per channel, version-checked saves. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ActionVersionConflict, MeetingActionRepository } from '../../src/db/meetingActions.js';
import { MeetingRepository, MeetingVersionConflict } from '../../src/db/meetings.js';
import { ChannelAlreadyHasGroup, NominationRepository, TargetGroupRepository, type StoredTargetGroup } from '../../src/db/targetGroups.js';
import { addNote, markActionDone, startMeeting, trackedActionsFromMeeting, type Meeting } from '../../src/domain/meetings/index.js';
import { group, runMeeting, scheduledMeeting } from '../domain/meetings/fixtures.js';
import { connectTarget, type TestTarget } from './target.js';

let target: TestTarget;
let groups: TargetGroupRepository;
let nominations: NominationRepository;
let meetings: MeetingRepository;
let actions: MeetingActionRepository;

beforeAll(async () => {
  target = await connectTarget();
  groups = new TargetGroupRepository(target.db);
  nominations = new NominationRepository(target.db);
  meetings = new MeetingRepository(target.db);
  actions = new MeetingActionRepository(target.db);
  for (const repository of [groups, nominations, meetings, actions]) await repository.ensureIndexes();
});
afterAll(async () => target.stop());

const stored: StoredTargetGroup = { ...group, tenantId: 'tenant-1', version: 1 };
const ok = (result: { ok: boolean }): Meeting => {
  if (!result.ok) throw new Error(JSON.stringify(result));
  return (result as unknown as { meeting: Meeting }).meeting;
};

describe('TargetGroupRepository', () => {
  it('binds one group to a channel and finds it there', async () => {
    await groups.insert(stored);
    expect(await groups.inChannel(group.channel.teamId, group.channel.channelId)).toEqual(stored);
    await expect(groups.insert({ ...stored, id: 'tg-other', name: 'Another group' })).rejects.toBeInstanceOf(ChannelAlreadyHasGroup);
    expect((await groups.inTenant('tenant-1')).map((g) => g.id)).toEqual([group.id]);
  });

  it('saves a change only over the version it was made from', async () => {
    await groups.save({ ...stored, name: 'Camborne and Pool ASB Target Group', version: 2 });
    await expect(groups.save({ ...stored, name: 'Lost update', version: 2 })).rejects.toThrow(/changed by someone else/);
    expect((await groups.get(group.id))?.name).toBe('Camborne and Pool ASB Target Group');
  });
});

describe('NominationRepository', () => {
  it('keeps nominations waiting until an agenda lists them', async () => {
    const base = { groupId: group.id, caseReference: 'ASB-2026-0001', reason: 'Escalating', nominatedBy: { id: 'u1', name: 'PC Moss' }, nominatedOn: '2026-11-02' };
    await nominations.insert({ ...base, id: 'n1', caseId: 'case-1' });
    await nominations.insert({ ...base, id: 'n2', caseId: 'case-2' });
    await nominations.markListed(['n1'], 'meeting-1');
    expect((await nominations.waiting(group.id)).map((n) => n.id)).toEqual(['n2']);
  });
});

describe('MeetingRepository', () => {
  it('stores a meeting, finds it by its card, and refuses a save made from an older version', async () => {
    const meeting = scheduledMeeting();
    await meetings.insert({ meeting, tenantId: 'tenant-1', conversationId: group.channel.conversationId, version: 1 });
    const started = ok(startMeeting(meeting, '2026-11-12T10:00:00.000Z'));
    await meetings.save({ meeting: started, tenantId: 'tenant-1', conversationId: group.channel.conversationId, cardActivityId: 'root-1', version: 2 });

    const stale = ok(addNote(started, 'apologies', 'Written on an old copy', { by: 'Tom', at: '2026-11-12T10:01:00.000Z' }, 0));
    const error = await meetings.save({ meeting: stale, tenantId: 'tenant-1', conversationId: group.channel.conversationId, version: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MeetingVersionConflict);
    expect((error as MeetingVersionConflict).current.version).toBe(2);

    const found = await meetings.byCardActivity('root-1');
    expect(found?.meeting).toEqual(started);
    expect((await meetings.forGroup(group.id)).map((m) => m.meeting.id)).toEqual([meeting.id]);
  });
});

describe('MeetingActionRepository', () => {
  it('stores the actions of a meeting once, lists them by owner, group and case, and guards each change', async () => {
    const agreed = trackedActionsFromMeeting(runMeeting());
    await actions.insertNew(agreed, 'tenant-1');
    await actions.insertNew(agreed, 'tenant-1');
    expect((await actions.openForGroup(group.id)).length).toBe(3);
    expect((await actions.ownedBy('tenant-1', 'u-chair')).map((a) => a.what)).toEqual(['Make the MARAC referral']);
    expect((await actions.openForCase('case-1')).length).toBe(2);

    const first = (await actions.get(agreed[0]!.id))!;
    const done = markActionDone(first.action, { by: 'Priya Shah', at: '2026-11-13T09:00:00.000Z' });
    if (!done.ok) throw new Error(done.reason);
    await actions.save({ ...first, action: done.action, version: 2 });
    await expect(actions.save({ ...first, action: done.action, version: 2 })).rejects.toBeInstanceOf(ActionVersionConflict);
    expect((await actions.openForGroup(group.id)).length).toBe(2);
  });
});
