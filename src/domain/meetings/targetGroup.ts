import { z } from 'zod';
import { daysInMonth, makeLocalDate, weekdayOf, yearMonthOf, type LocalDate } from './dates.js';

/** A target group: the multi-agency meeting for one or more areas, bound to one Teams channel. */

export const weekdayNames = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type Weekday = (typeof weekdayNames)[number];

export const scheduleRuleSchema = z.object({
  nth: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal('last')]),
  weekday: z.enum(weekdayNames),
  everyMonths: z.number().int().min(1).max(12),
  /**
   * Fixes which months count when everyMonths > 1 ('YYYY-MM' of any month that has a meeting).
   * Without it, months are counted from the month of the date asked about.
   */
  anchorMonth: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional(),
});
export type ScheduleRule = z.infer<typeof scheduleRuleSchema>;

export const personRefSchema = z.object({ id: z.string().min(1), name: z.string().trim().min(1).max(120) });
export type PersonRef = z.infer<typeof personRefSchema>;

export const groupMemberSchema = z.object({
  id: z.string().min(1).optional(),
  name: z.string().trim().min(1).max(120),
  agency: z.string().trim().min(1).max(120),
});
export type GroupMember = z.infer<typeof groupMemberSchema>;

export const channelBindingSchema = z.object({
  teamId: z.string().min(1),
  channelId: z.string().min(1),
  conversationId: z.string().min(1),
});
export type ChannelBinding = z.infer<typeof channelBindingSchema>;

export const defaultInfoSharingBasis = 's.115 Crime and Disorder Act 1998';
export const defaultAgendaNoticeWorkingDays = 3;

export const targetGroupSchema = z.object({
  id: z.string().min(1),
  name: z.string().trim().min(1).max(120),
  areas: z.array(z.string().trim().min(1).max(80)).min(1),
  chair: personRefSchema,
  minuteTaker: personRefSchema,
  memberAgencies: z.array(z.string().trim().min(1).max(120)).default([]),
  members: z.array(groupMemberSchema).default([]),
  schedule: scheduleRuleSchema,
  /** Working days before a meeting that the agenda is posted. */
  agendaNoticeWorkingDays: z.number().int().min(0).max(20).default(defaultAgendaNoticeWorkingDays),
  infoSharingBasis: z.string().trim().min(1).default(defaultInfoSharingBasis),
  channel: channelBindingSchema,
});
export type TargetGroup = z.infer<typeof targetGroupSchema>;
export type TargetGroupInput = z.input<typeof targetGroupSchema>;

// ---------------------------------------------------------------- schedule rules

const ordinalWords: Record<string, ScheduleRule['nth']> = {
  first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4, last: 'last', final: 'last',
};
const weekdayWords: Record<string, Weekday> = Object.fromEntries(
  weekdayNames.flatMap((w) => [[w, w], [w.slice(0, 3), w], [`${w}s`, w]] as [string, Weekday][]),
);
Object.assign(weekdayWords, { tue: 'tuesday', tues: 'tuesday', wed: 'wednesday', thu: 'thursday', thur: 'thursday', thurs: 'thursday' });

const numberWords: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, twelve: 12, other: 2, second: 2, third: 3,
};

export type ScheduleParseResult = { ok: true; rule: ScheduleRule } | { ok: false; error: string };

/**
 * Reads the usual schedule as people write it on the set-up card:
 * "second Thursday monthly", "2nd Thu of every month", "last Tuesday every 2 months",
 * "first Monday every other month", "third Wednesday quarterly".
 */
export function parseScheduleRule(text: string): ScheduleParseResult {
  const words = text
    .toLowerCase()
    .replace(/[.,;]/g, ' ')
    .split(/\s+/)
    .filter((w) => w && !['of', 'the', 'in', 'each', 'a', 'on'].includes(w));
  const nth = words.length > 0 ? ordinalWords[words[0]] : undefined;
  const weekday = words.length > 1 ? weekdayWords[words[1]] : undefined;
  if (nth === undefined) return { ok: false, error: 'Start with which one: first, second, third, fourth or last.' };
  if (weekday === undefined) return { ok: false, error: 'Name the day of the week, for example "second Thursday monthly".' };
  const everyMonths = readFrequency(words.slice(2));
  if (everyMonths === undefined) {
    return { ok: false, error: 'Say how often: monthly, every 2 months, every other month or quarterly.' };
  }
  return { ok: true, rule: { nth, weekday, everyMonths } };
}

function readFrequency(rest: string[]): number | undefined {
  const phrase = rest.join(' ');
  if (phrase === '' || phrase === 'monthly' || phrase === 'every month' || phrase === 'month') return 1;
  if (phrase === 'bi-monthly' || phrase === 'bimonthly') return 2;
  if (phrase === 'quarterly') return 3;
  const m = /^every (\S+) months?$/.exec(phrase);
  if (!m) return undefined;
  const n = /^\d+$/.test(m[1]) ? Number(m[1]) : numberWords[m[1]];
  return n !== undefined && n >= 1 && n <= 12 ? n : undefined;
}

const ordinalNames: Record<string, string> = { 1: 'First', 2: 'Second', 3: 'Third', 4: 'Fourth', last: 'Last' };

/** "Second Thursday of every month", "Last Tuesday every 2 months". parseScheduleRule reads it back. */
export function describeSchedule(rule: ScheduleRule): string {
  const day = rule.weekday[0].toUpperCase() + rule.weekday.slice(1);
  const often = rule.everyMonths === 1 ? 'of every month' : `every ${rule.everyMonths} months`;
  return `${ordinalNames[String(rule.nth)]} ${day} ${often}`;
}

/** The rule's day in a given month. */
export function occurrenceInMonth(rule: Pick<ScheduleRule, 'nth' | 'weekday'>, year: number, month: number): LocalDate {
  const target = weekdayNames.indexOf(rule.weekday);
  if (rule.nth === 'last') {
    const last = daysInMonth(year, month);
    const back = (weekdayOf(year, month, last) - target + 7) % 7;
    return makeLocalDate(year, month, last - back);
  }
  const firstMatch = 1 + ((target - weekdayOf(year, month, 1) + 7) % 7);
  return makeLocalDate(year, month, firstMatch + (rule.nth - 1) * 7);
}

/** The first meeting day of the rule strictly after `after`. */
export function nextMeetingDate(rule: ScheduleRule, after: LocalDate): LocalDate {
  const { year, month } = yearMonthOf(after);
  const start = year * 12 + (month - 1);
  let anchor = start;
  if (rule.anchorMonth) {
    const a = yearMonthOf(`${rule.anchorMonth}-01`);
    anchor = a.year * 12 + (a.month - 1);
  }
  const offset = (((start - anchor) % rule.everyMonths) + rule.everyMonths) % rule.everyMonths;
  let index = offset === 0 ? start : start + (rule.everyMonths - offset);
  for (;;) {
    const date = occurrenceInMonth(rule, Math.floor(index / 12), (index % 12) + 1);
    if (date > after) return date;
    index += rule.everyMonths;
  }
}

// ---------------------------------------------------------------- one group per area, one per channel

export interface AreaConflict {
  area: string;
  groupId: string;
  groupName: string;
}

export function normaliseArea(area: string): string {
  return area.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Areas already claimed by another group (the card then asks for confirmation). */
export function areaConflicts(
  newAreas: readonly string[],
  existingGroups: readonly Pick<TargetGroup, 'id' | 'name' | 'areas'>[],
  exceptGroupId?: string,
): AreaConflict[] {
  const wanted = new Map(newAreas.map((a) => [normaliseArea(a), a.trim()]));
  const conflicts: AreaConflict[] = [];
  for (const group of existingGroups) {
    if (group.id === exceptGroupId) continue;
    for (const area of group.areas) {
      const shown = wanted.get(normaliseArea(area));
      if (shown !== undefined) conflicts.push({ area: shown, groupId: group.id, groupName: group.name });
    }
  }
  return conflicts;
}

/** The group already bound to this channel, if any: one channel holds one group. */
export function groupInChannel<G extends Pick<TargetGroup, 'channel'>>(
  channel: Pick<ChannelBinding, 'teamId' | 'channelId'>,
  existingGroups: readonly G[],
): G | undefined {
  return existingGroups.find((g) => g.channel.teamId === channel.teamId && g.channel.channelId === channel.channelId);
}

/** The day the agenda goes to the channel: the group's notice (default 3) in working days before the meeting. */
export function agendaPostOn(
  meetingDate: LocalDate,
  noticeWorkingDays: number,
  addWorkingDays: (from: LocalDate, days: number) => LocalDate,
): LocalDate {
  return noticeWorkingDays <= 0 ? meetingDate : addWorkingDays(meetingDate, -noticeWorkingDays);
}

/** The groups covering a case's area: the choices on the case card's "Nominate for target group". */
export function groupsForArea<G extends Pick<TargetGroup, 'areas'>>(area: string, groups: readonly G[]): G[] {
  const wanted = normaliseArea(area);
  return groups.filter((g) => g.areas.some((a) => normaliseArea(a) === wanted));
}
