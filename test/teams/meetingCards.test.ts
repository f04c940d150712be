/** The meeting cards at their largest: a 40-item agenda, a busy item and a long action list stay valid and under 28 KB. */
import { describe, expect, it } from '@jest/globals';
import {
  addAction, addDecision, addNote, buildAgenda, buildMinutes, captureThreadMessage, createMeeting, endMeeting, moveToItem, recordAttendance, startMeeting,
  trackedActionsFromMeeting, type Meeting,
} from '../../src/domain/meetings/index.js';
import { agendaCard, attendanceCard, meetingCard, myActionsCard, summaryCard } from '../../src/teams/meetings/meetingCards.js';
import { caseSummary, group } from '../domain/meetings/fixtures.js';
import { expectValidCard } from '../support/cards.js';

const storedGroup = { ...group, tenantId: 'tenant-1', version: 1 };
const long = (n: number) => `Discussion point ${n}: `.padEnd(400, 'the partners agreed to share what they know and review it next time ');

function bigMeeting(): Meeting {
  const agenda = buildAgenda({
    meetingDate: '2026-11-12',
    lastMeetingDate: '2026-10-08',
    nextMeetingDate: '2026-12-10',
    openActions: Array.from({ length: 6 }, (_, i) => ({ actionId: `old/a${i}`, what: long(i).slice(0, 200), ownerName: 'Dee Carter', agency: 'Housing', dueDate: '2026-10-30', agreedOn: '2026-10-08' })),
    newHighRiskCases: Array.from({ length: 8 }, (_, i) => ({ case: caseSummary(100 + i, { riskLevel: 'high', summary: long(i) }), assessedOn: '2026-10-20' })),
    nominations: Array.from({ length: 12 }, (_, i) => ({ case: caseSummary(200 + i, { summary: long(i) }), reason: long(i).slice(0, 300), nominatedBy: { name: 'PC Alan Moss' } })),
    caseReviewThresholdCases: Array.from({ length: 5 }, (_, i) => ({ case: caseSummary(300 + i), detail: '3 reports in 6 months' })),
    monitoringEndingBeforeNextMeeting: Array.from({ length: 4 }, (_, i) => ({
      interventionId: `w${i}`, case: caseSummary(400 + i), type: 'Acceptable Behaviour Contract', stage: 'ABC', personInitials: 'J. B.', under18: i % 2 === 0, endsOn: '2026-12-01',
    })),
    areaFigures: { newCases: 14, incidentsByCategory: { noise: 22, 'abusive behaviour': 9 }, warningsByStage: { Verbal: { under18: 2, adult: 5 }, 'Stage 1': { under18: 1, adult: 3 }, ABC: { under18: 4, adult: 0 } } },
  });
  return createMeeting({ id: 'm-big', group, date: '2026-11-12', agenda });
}

const step = (result: { ok: boolean }): Meeting => {
  if (!result.ok) throw new Error(JSON.stringify(result));
  return (result as unknown as { meeting: Meeting }).meeting;
};

describe('meeting cards at scale', () => {
  it('shows a 40-item agenda, and the meeting card with the agenda collapsed, under 28 KB', () => {
    let meeting = bigMeeting();
    expect(meeting.agenda.items.length).toBe(40);
    expectValidCard(agendaCard(meeting, storedGroup));

    meeting = step(startMeeting(meeting, '2026-11-12T10:00:00.000Z'));
    meeting = step(recordAttendance(meeting, {
      present: group.members.map((m) => ({ ...(m.id ? { id: m.id } : {}), name: m.name, agency: m.agency })),
      guests: Array.from({ length: 6 }, (_, i) => ({ name: `Guest ${i}`, agency: 'Victim Support' })),
    }));
    const caseItem = meeting.agenda.items.findIndex((i) => i.kind === 'case');
    meeting = step(moveToItem(meeting, caseItem));
    const itemId = meeting.agenda.items[caseItem]!.id;
    for (let i = 0; i < 20; i++) {
      const captured = captureThreadMessage(meeting, long(i), { name: 'PC Alan Moss', id: 'u-pc' }, '2026-11-12T10:05:00.000Z');
      if (!captured.ok) throw new Error(captured.reason);
      meeting = captured.meeting;
    }
    const edit = { by: 'Tom Reed', at: '2026-11-12T10:10:00.000Z' };
    meeting = step(addNote(meeting, itemId, long(99), edit, 20));
    meeting = step(addDecision(meeting, itemId, long(98), edit, 21));
    for (let i = 0; i < 8; i++) meeting = step(addAction(meeting, itemId, { what: long(i).slice(0, 300), owner: { kind: 'agency', name: 'Housing' }, dueDate: '2026-11-30' }, edit, 22 + i));

    const live = expectValidCard(meetingCard(meeting, storedGroup, { previousStatus: 'ended' }));
    expect(JSON.stringify(live)).toContain('"id":"agendaList"');
    expect(JSON.stringify(live)).toContain('earlier lines are in the minutes');
    expectValidCard(attendanceCard(meeting, storedGroup));

    meeting = step(endMeeting(meeting, '2026-11-12T12:00:00.000Z'));
    expectValidCard(meetingCard(meeting, storedGroup));
    const minutes = buildMinutes(group, meeting);
    for (let i = 0; i < 40; i++) minutes.actionTable.push({ ...minutes.actionTable[0]!, ref: `A${9 + i}` });
    const summary = expectValidCard(summaryCard(minutes, meeting, { url: 'https://bot.example/minutes/m-big.docx?by=u&exp=1&sig=x', expiresOn: '2026-11-19' }));
    expect(JSON.stringify(summary)).toContain('more actions are in the document');
    // Approved minutes with many long corrections: the latest are shown, with the box to append another.
    const approved = { ...meeting, status: 'approved' as const, corrections: Array.from({ length: 12 }, (_, i) => ({ id: `c${i}`, text: long(i).padEnd(2000, ' and more'), by: 'Priya Shah', at: '2026-12-10T10:00:00.000Z' })) };
    const corrected = expectValidCard(summaryCard(buildMinutes(group, approved), approved, { url: 'https://bot.example/minutes/m-big.docx?by=u&exp=1&sig=x', expiresOn: '2026-12-17' }));
    expect(JSON.stringify(corrected)).toContain('7 earlier corrections are in the document.');
    expect(JSON.stringify(corrected)).toContain('"id":"correctionText"');
    const tracked = trackedActionsFromMeeting(meeting);
    expectValidCard(myActionsCard([...tracked, ...tracked, ...tracked, ...tracked].map((a, i) => ({ ...a, id: `${a.id}-${i}` }))));
  });
});
