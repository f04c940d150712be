import {
  addAction,
  addDecision,
  addNote,
  buildAgenda,
  captureThreadMessage,
  endMeeting,
  moveToItem,
  recordAttendance,
  startMeeting,
  type Meeting,
  createMeeting,
  targetGroupSchema,
  type AgendaCaseSummary,
  type AgendaInput,
  type TargetGroup,
} from '../../../src/domain/meetings/index.js';

/** A realistic target group and agenda input shared by the meeting tests. */

export const group: TargetGroup = targetGroupSchema.parse({
  id: 'tg-camborne',
  name: 'Camborne ASB Target Group',
  areas: ['Camborne', 'Pool'],
  chair: { id: 'u-chair', name: 'Priya Shah' },
  minuteTaker: { id: 'u-minutes', name: 'Tom Reed' },
  memberAgencies: ['Police', 'Housing', 'Youth Offending', 'Social Care'],
  members: [
    { id: 'u-pc', name: 'PC Alan Moss', agency: 'Police' },
    { id: 'u-housing', name: 'Dee Carter', agency: 'Housing' },
    { name: 'Sam Lowe', agency: 'Youth Offending' },
  ],
  schedule: { nth: 2, weekday: 'thursday', everyMonths: 1 },
  channel: { teamId: 'team-1', channelId: '19:abc@thread.tacv2', conversationId: '19:abc@thread.tacv2' },
});

export function caseSummary(n: number, overrides: Partial<AgendaCaseSummary> = {}): AgendaCaseSummary {
  return {
    caseId: `case-${n}`,
    reference: `ASB-2026-${String(n).padStart(5, '0')}`,
    area: 'Camborne',
    riskLevel: 'medium',
    summary: `Repeated noise and verbal abuse at night (case ${n}).`,
    people: [
      { role: 'victim', name: `Jane Mary Smith${n}` },
      { role: 'perpetrator', name: `Kevin Brown${n}`, under18: true },
    ],
    ...overrides,
  };
}

export const highRisk = caseSummary(1, { riskLevel: 'high' });
export const nominatedA = caseSummary(2);
export const nominatedB = caseSummary(3);
export const thresholdCase = caseSummary(4);

export function agendaInput(): AgendaInput {
  return {
    meetingDate: '2026-11-12',
    lastMeetingDate: '2026-10-08',
    nextMeetingDate: '2026-12-10',
    openActions: [
      { actionId: 'm-oct/a2', what: 'Visit victim with housing officer', ownerName: 'Dee Carter', agency: 'Housing', dueDate: '2026-10-30', agreedOn: '2026-10-08', caseId: 'case-2', caseReference: 'ASB-2026-00002' },
      { actionId: 'm-oct/a1', what: 'Check CCTV at the precinct', ownerName: 'Police', agency: 'Police', dueDate: '2026-10-20', agreedOn: '2026-10-08' },
    ],
    newHighRiskCases: [
      { case: highRisk, assessedOn: '2026-10-20' },
      // assessed before the last meeting: already discussed then
      { case: caseSummary(9, { riskLevel: 'high' }), assessedOn: '2026-10-01' },
    ],
    nominations: [
      { case: nominatedB, reason: 'Escalating threats', nominatedBy: { id: 'u-pc', name: 'PC Alan Moss' }, nominatedOn: '2026-11-02' },
      { case: nominatedA, reason: 'Housing enforcement needed', nominatedBy: { id: 'u-housing', name: 'Dee Carter' }, nominatedOn: '2026-10-28' },
      // the high-risk case nominated as well: listed once, under high-risk, with both reasons
      { case: highRisk, reason: 'Victim is isolated', nominatedBy: { name: 'Sam Lowe' }, nominatedOn: '2026-11-01' },
    ],
    caseReviewThresholdCases: [
      { case: thresholdCase, detail: '3 complaints in 6 months' },
      { case: nominatedA, detail: '3 complaints in 6 months' },
    ],
    monitoringEndingBeforeNextMeeting: [
      { interventionId: 'iv-1', case: caseSummary(5), type: 'Written warning', stage: 'stage 1', personInitials: 'K. B.', under18: true, endsOn: '2026-11-30' },
      { interventionId: 'iv-2', case: thresholdCase, type: 'ABC', stage: 'stage 2', personInitials: 'L. P.', under18: false, endsOn: '2026-12-01' },
      // ends after the next meeting: not yet
      { interventionId: 'iv-3', case: caseSummary(6), type: 'ABC', stage: 'stage 2', personInitials: 'R. T.', under18: false, endsOn: '2027-01-15' },
    ],
    areaFigures: {
      newCases: 14,
      incidentsByCategory: { noise: 22, 'abusive behaviour': 9, 'substance misuse': 3 },
      warningsByStage: { 'stage 1': { under18: 4, adult: 2 }, 'stage 2': { under18: 1, adult: 1 } },
    },
  };
}

export function scheduledMeeting() {
  return createMeeting({ id: 'm-nov', group, date: '2026-11-12', agenda: buildAgenda(agendaInput()) });
}

/** A meeting run start to end: attendance, card notes, a thread note, an /off message, a decision, 3 actions. */
export function runMeeting(): Meeting {
  let m = scheduledMeeting();
  const step = (r: { ok: boolean }): void => {
    if (!r.ok) throw new Error(JSON.stringify(r));
    m = (r as { ok: true; meeting: Meeting }).meeting;
  };
  const at = (hhmm: string) => `2026-11-12T${hhmm}:00.000Z`;
  const tom = (hhmm: string) => ({ by: 'Tom Reed', byId: 'u-minutes', at: at(hhmm) });
  step(startMeeting(m, at('10:00')));
  step(recordAttendance(m, {
    present: [{ id: 'u-chair', name: 'Priya Shah', agency: 'Council' }, { id: 'u-pc', name: 'PC Alan Moss', agency: 'Police' }],
    apologies: [{ id: 'u-housing', name: 'Dee Carter', agency: 'Housing' }],
    guests: [{ name: 'Ruth Penrose', agency: 'Victim Support' }],
  }));
  step(addNote(m, 'apologies', 'Apologies received from Housing.', tom('10:01'), 0));
  const idx = m.agenda.items.findIndex((i) => i.id === 'case:case-1');
  step(moveToItem(m, idx));
  step(addNote(m, 'case:case-1', 'Victim reports threats daily.', tom('10:10'), 0));
  const captured = captureThreadMessage(m, '<at>ASB Assistant</at> Police patrols increased', { name: 'PC Alan Moss', id: 'u-pc' }, at('10:12'));
  if (!captured.ok) throw new Error(captured.reason);
  m = captured.meeting;
  const off = captureThreadMessage(m, '/off gossip that must not be minuted', { name: 'PC Alan Moss' }, at('10:13'));
  if (off.ok) throw new Error('an /off message was captured');
  step(addDecision(m, 'case:case-1', 'Refer to the Community MARAC.', tom('10:15'), 2));
  step(addAction(m, 'case:case-1', { what: 'Make the MARAC referral', owner: { kind: 'member', id: 'u-chair', name: 'Priya Shah', agency: 'Council' }, dueDate: '2026-11-16' }, tom('10:16'), 3));
  step(addAction(m, 'case:case-1', { what: 'Fit a video doorbell', owner: { kind: 'agency', name: 'Housing' }, dueDate: '2026-11-30' }, tom('10:17'), 4));
  step(addAction(m, 'any-other-business', { what: 'Circulate the area figures', owner: { kind: 'member', name: 'Tom Reed', agency: 'Council' }, dueDate: '2026-11-19' }, tom('11:00'), 0));
  step(endMeeting(m, at('11:30')));
  return m;
}

