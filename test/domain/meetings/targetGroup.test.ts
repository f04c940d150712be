import {
  areaConflicts,
  defaultInfoSharingBasis,
  describeSchedule,
  groupInChannel,
  groupsForArea,
  nextMeetingDate,
  parseScheduleRule,
  targetGroupSchema,
  type ScheduleRule,
} from '../../../src/domain/meetings/index.js';
import { group } from './fixtures.js';

describe('schedule rules', () => {
  test.each<[string, ScheduleRule]>([
    ['second Thursday monthly', { nth: 2, weekday: 'thursday', everyMonths: 1 }],
    ['2nd Thu of every month', { nth: 2, weekday: 'thursday', everyMonths: 1 }],
    ['last Tuesday every 2 months', { nth: 'last', weekday: 'tuesday', everyMonths: 2 }],
    ['First Monday every other month', { nth: 1, weekday: 'monday', everyMonths: 2 }],
    ['third wednesday quarterly', { nth: 3, weekday: 'wednesday', everyMonths: 3 }],
    ['fourth Friday', { nth: 4, weekday: 'friday', everyMonths: 1 }],
  ])('"%s" is read', (text, rule) => {
    expect(parseScheduleRule(text)).toEqual({ ok: true, rule });
  });

  test.each(['', 'Thursdays', 'fifth Thursday monthly', 'second Funday monthly', 'second Thursday fortnightly'])('"%s" is refused with a hint', (text) => {
    const result = parseScheduleRule(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.length).toBeGreaterThan(10);
  });

  test('describeSchedule reads back through parseScheduleRule', () => {
    const rules: ScheduleRule[] = [
      { nth: 2, weekday: 'thursday', everyMonths: 1 },
      { nth: 'last', weekday: 'tuesday', everyMonths: 2 },
      { nth: 1, weekday: 'monday', everyMonths: 6 },
    ];
    expect(describeSchedule(rules[0])).toBe('Second Thursday of every month');
    expect(describeSchedule(rules[1])).toBe('Last Tuesday every 2 months');
    for (const rule of rules) expect(parseScheduleRule(describeSchedule(rule))).toEqual({ ok: true, rule });
  });

  test('next date for "second Thursday monthly" is strictly after the given day', () => {
    const rule: ScheduleRule = { nth: 2, weekday: 'thursday', everyMonths: 1 };
    expect(nextMeetingDate(rule, '2026-11-01')).toBe('2026-11-12');
    expect(nextMeetingDate(rule, '2026-11-11')).toBe('2026-11-12');
    expect(nextMeetingDate(rule, '2026-11-12')).toBe('2026-12-10');
    expect(nextMeetingDate(rule, '2026-12-31')).toBe('2027-01-14');
  });

  test('next date for "last Tuesday every 2 months", counted from the month asked about or from an anchor', () => {
    const rule: ScheduleRule = { nth: 'last', weekday: 'tuesday', everyMonths: 2 };
    expect(nextMeetingDate(rule, '2026-11-23')).toBe('2026-11-24');
    expect(nextMeetingDate(rule, '2026-11-24')).toBe('2027-01-26');
    const anchored: ScheduleRule = { ...rule, anchorMonth: '2026-12' };
    expect(nextMeetingDate(anchored, '2026-11-23')).toBe('2026-12-29');
    expect(nextMeetingDate(anchored, '2026-12-29')).toBe('2027-02-23');
    expect(nextMeetingDate(anchored, '2027-01-05')).toBe('2027-02-23');
  });

  test('last Friday of a month that has five Fridays', () => {
    expect(nextMeetingDate({ nth: 'last', weekday: 'friday', everyMonths: 1 }, '2027-01-01')).toBe('2027-01-29');
  });
});

describe('target group', () => {
  test('the information-sharing basis defaults to s.115 and agenda notice to 3 working days', () => {
    expect(group.infoSharingBasis).toBe(defaultInfoSharingBasis);
    expect(group.infoSharingBasis).toBe('s.115 Crime and Disorder Act 1998');
    expect(group.agendaNoticeWorkingDays).toBe(3);
  });

  test('a group needs at least one area and a channel binding', () => {
    expect(targetGroupSchema.safeParse({ ...group, areas: [] }).success).toBe(false);
    const { channel: _c, ...noChannel } = group;
    expect(targetGroupSchema.safeParse(noChannel).success).toBe(false);
  });

  test('an area claimed by another group is a conflict, whatever its case or spacing', () => {
    const others = [group, { id: 'tg-truro', name: 'Truro TG', areas: ['Truro'] }];
    expect(areaConflicts([' camborne ', 'Redruth'], others)).toEqual([{ area: 'camborne', groupId: 'tg-camborne', groupName: 'Camborne ASB Target Group' }]);
    expect(areaConflicts(['Camborne'], others, 'tg-camborne')).toEqual([]);
    expect(areaConflicts(['Falmouth'], others)).toEqual([]);
  });

  test('the groups covering a case area are offered for a nomination', () => {
    expect(groupsForArea('pool', [group, { id: 'x', areas: ['Truro'] }]).map((g) => g.id)).toEqual(['tg-camborne']);
    expect(groupsForArea('Redruth', [group])).toEqual([]);
  });

  test('one channel holds one group', () => {
    expect(groupInChannel({ teamId: 'team-1', channelId: '19:abc@thread.tacv2' }, [group])?.id).toBe('tg-camborne');
    expect(groupInChannel({ teamId: 'team-1', channelId: '19:other@thread.tacv2' }, [group])).toBeUndefined();
  });
});
