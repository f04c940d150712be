import { approveMinutes, buildMinutes, itemNumbers, markFinal } from '../../../src/domain/meetings/index.js';
import { group, runMeeting } from './fixtures.js';

describe('buildMinutes', () => {
  const meeting = runMeeting();
  const minutes = buildMinutes(group, meeting);

  test('header: group, date, chair, minute-taker, present, apologies, guests, sharing basis', () => {
    expect(minutes.marking).toBe('OFFICIAL-SENSITIVE');
    expect(minutes.header).toEqual({
      groupName: 'Camborne ASB Target Group',
      areas: ['Camborne', 'Pool'],
      date: '2026-11-12',
      dateText: 'Thursday 12 November 2026',
      chair: 'Priya Shah',
      minuteTaker: 'Tom Reed',
      present: ['Priya Shah (Council)', 'PC Alan Moss (Police)'],
      apologies: ['Dee Carter (Housing)'],
      guests: ['Ruth Penrose (Victim Support, guest)'],
      infoSharingBasis: 's.115 Crime and Disorder Act 1998',
    });
    expect(minutes.status).toBe('draft');
  });

  test('each item in agenda order with notes (author, London time), decisions and actions', () => {
    expect(minutes.items.map((i) => i.number)).toEqual(itemNumbers(meeting.agenda));
    expect(minutes.sections.map((s) => s.number)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const caseItem = minutes.items.find((i) => i.title.startsWith('ASB-2026-00001'));
    expect(caseItem?.notes).toEqual([
      { text: 'Victim reports threats daily.', author: 'Tom Reed', time: '10:10' },
      { text: 'Police patrols increased', author: 'PC Alan Moss', time: '10:12' },
    ]);
    expect(caseItem?.decisions).toEqual(['Refer to the Community MARAC.']);
    expect(caseItem?.actions.map((a) => a.ref)).toEqual(['A1', 'A2']);
    expect(caseItem?.context.join(' ')).toContain('People: victim J. M. S.');
    expect(JSON.stringify(minutes)).not.toContain('gossip');
    expect(JSON.stringify(minutes)).not.toContain('Smith1');
  });

  test('the action table lists every action with owner, agency, due date and case reference', () => {
    expect(minutes.actionTable).toEqual([
      { ref: 'A1', what: 'Make the MARAC referral', owner: 'Priya Shah', agency: 'Council', due: 'Monday 16 November 2026', caseReference: 'ASB-2026-00001' },
      { ref: 'A2', what: 'Fit a video doorbell', owner: 'Housing', agency: 'Housing', due: 'Monday 30 November 2026', caseReference: 'ASB-2026-00001' },
      { ref: 'A3', what: 'Circulate the area figures', owner: 'Tom Reed', agency: 'Council', due: 'Thursday 19 November 2026', caseReference: '' },
    ]);
  });

  test('status marking follows the meeting: draft, final, approved', () => {
    const final = markFinal(meeting, '2026-11-13T09:00:00.000Z');
    if (!final.ok) throw new Error(final.reason);
    expect(buildMinutes(group, final.meeting).statusText).toMatch(/^FINAL/);
    const approved = approveMinutes(final.meeting, '2026-12-10T10:00:00.000Z', 'u-chair');
    if (!approved.ok) throw new Error(approved.reason);
    expect(buildMinutes(group, approved.meeting).status).toBe('approved');
  });

  test('London time is used for note times in summer', () => {
    let m = runMeeting();
    m = { ...m, items: { ...m.items, apologies: { ...m.items.apologies, notes: [{ ...m.items.apologies.notes[0], at: '2026-07-09T09:30:00.000Z' }] } } };
    expect(buildMinutes(group, m).items[0].notes[0].time).toBe('10:30');
  });
});
