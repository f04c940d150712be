import { describe, expect, it } from '@jest/globals';
import { createWorkingCalendar } from '../../../src/domain/calendar/createWorkingCalendar.js';
import { decide, receiveApplication, type CaseReviewApplication } from '../../../src/domain/caseReview/application.js';
import { caseReviewAgenda, caseReviewItemIds, partnerReportActions, recommendationsFrom, reportingAgencies } from '../../../src/domain/caseReview/meeting.js';
import { defaultCaseReviewSettings, settingsFormSchema, settingsFormValues } from '../../../src/domain/caseReview/settings.js';
import { parseForm } from '../../../src/domain/cases/forms.js';
import { addAction, addItem, agendaOutline, buildMinutes, createMeeting, currentItemView, itemRecord, moveToItem, startMeeting, addNote, type AgendaEditResult, type Meeting, type MeetingResult } from '../../../src/domain/meetings/index.js';

const calendar = createWorkingCalendar();
const app: CaseReviewApplication = decide(
  receiveApplication({
    id: 'app-1', teamId: 't', caseId: 'c1', caseReference: 'ASB-2026-0001', applicantName: 'Alice Smith', appliedOn: '2026-11-23', channel: 'phone', recordedBy: 'o1',
    thresholdCheck: { met: true, count: 2, counted: [{ incidentId: 'i1', caseId: 'c1', reportedOn: '2026-11-20', occurredOn: '2026-11-20' }, { incidentId: 'i2', caseId: 'c2', reportedOn: '2026-11-21', occurredOn: '2026-11-19' }] },
  }, '2026-11-23', calendar),
  { met: true, reasons: 'Two complaints; local threshold of 2.', decidedBy: 'm1' }, '2026-11-24', calendar,
);
const caseSummary = { caseId: 'c1', reference: 'ASB-2026-0001', area: 'Kingsford', riskLevel: 'high' as const, summary: '', people: [{ role: 'victim' as const, name: 'Alice Smith' }, { role: 'perpetrator' as const, name: 'Jay Bloggs' }] };
const plan = { meetingId: 'm1', groupId: 'g1', meetingDate: '2026-12-10', today: '2026-11-24', reportsDueOn: '2026-12-09', by: 'Maya Lead', at: '2026-11-24T10:00:00.000Z' };
const ok = (result: MeetingResult): Meeting => {
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result.meeting;
};

describe('the ASB Case Review meeting', () => {
  it('asks each agency involved once, in the usual order, through its partner on the team', () => {
    const agencies = reportingAgencies([{ id: 'p-h', name: 'Dee Carter', agency: 'housing' }, { id: 'p-p', name: 'PC Moss', agency: 'police' }], { shares: [{ agency: 'police', basis: 's115', scope: 'summary' } as never, { agency: 'health', basis: 's115', scope: 'summary' } as never] });
    expect(agencies).toEqual([{ agency: 'Police', partner: { id: 'p-p', name: 'PC Moss' } }, { agency: 'Housing provider', partner: { id: 'p-h', name: 'Dee Carter' } }, { agency: 'Health' }]);
    const reports = partnerReportActions({ ...app, victimViews: 'x' }, agencies, plan);
    expect(reports.map((r) => [r.id, r.dueDate, r.owner.id])).toEqual([['m1/report:police', '2026-12-09', 'p-p'], ['m1/report:housing-provider', '2026-12-09', 'p-h'], ['m1/report:health', '2026-12-09', undefined]]);
  });

  it('builds the six sections, the complaints by date, and masks names in the notes and minutes', () => {
    const reports = partnerReportActions(app, [{ agency: 'Police' }], plan);
    const agenda = caseReviewAgenda({ ...app, victimViews: 'Alice Smith wants it to stop.' }, { meetingDate: '2026-12-10', caseSummary, references: new Map([['c1', 'ASB-2026-0001'], ['c2', 'ASB-2026-0002']]), reports });
    expect(agenda.items.map((i) => [i.section, i.id])).toEqual([
      [1, caseReviewItemIds.application], [2, `${caseReviewItemIds.complaints}:1`], [2, `${caseReviewItemIds.complaints}:2`], [3, 'action:m1/report:police'],
      [4, caseReviewItemIds.victimViews], [5, caseReviewItemIds.recommendations], [6, caseReviewItemIds.actionPlan], [7, 'any-other-business'],
    ]);
    expect(agenda.items[2]!.title).toBe('ASB-2026-0002: reported Saturday 21 November 2026, 2 days after it happened');
    let meeting = ok(startMeeting(createMeeting({ id: 'm1', group: { id: 'g1', chair: { id: 'u1', name: 'Maya Lead' }, minuteTaker: { id: 'u1', name: 'Maya Lead' } }, date: '2026-12-10', agenda }), '2026-12-10T10:00:00.000Z'));
    meeting = ok(moveToItem(meeting, 5));
    const edit = { by: 'Maya Lead', byId: 'u1', at: '2026-12-10T10:05:00.000Z' };
    meeting = ok(addNote(meeting, caseReviewItemIds.recommendations, 'Alice Smith asks for weekend patrols.', edit, 0));
    meeting = ok(addAction(meeting, caseReviewItemIds.recommendations, { what: 'Weekend patrols', owner: { kind: 'agency', name: 'Police' }, dueDate: '2026-12-19' }, edit, itemRecord(meeting, caseReviewItemIds.recommendations).version));
    expect(currentItemView(meeting)?.record.notes[0]?.text).toBe('A. S. asks for weekend patrols.');
    expect(currentItemView(meeting)?.item.sectionTitle).toBe('Recommendations');
    const minutes = buildMinutes({ name: 'Kingsford TG', areas: ['kingsford'], infoSharingBasis: 's.115' }, meeting);
    expect(minutes.sections.map((s) => s.title)).toEqual(['The application', 'History of complaints and responses', "Agencies' reports", "The victim's views", 'Recommendations', 'The action plan', 'Any other business']);
    expect(JSON.stringify(minutes)).not.toContain('Alice Smith');
    expect(minutes.items.find((i) => i.title === "The victim's views")?.context).toEqual(['A. S. wants it to stop.']);
    expect(recommendationsFrom(meeting)).toEqual([{ id: 'm1-a2', text: 'Weekend patrols', owner: 'Police', dueDate: '2026-12-19' }]);
  });
});

describe("the chair's own items on a Case Review agenda", () => {
  const agenda = caseReviewAgenda(app, { meetingDate: '2026-12-10', caseSummary, references: new Map(), reports: [] });
  const numbered = (edited: AgendaEditResult) => {
    if (!edited.ok) throw new Error(edited.reason);
    return agendaOutline(edited.agenda).flatMap((s) => s.items.map((i) => `${i.number} ${i.item.title}`));
  };

  it('go under Any other business, after the review', () => {
    expect(numbered(addItem(agenda, { title: 'CCTV from Kingsford Homes' })).slice(-2)).toEqual(['7.1 CCTV from Kingsford Homes', '7.2 Any other business']);
  });

  it('go last on an agenda made before it had Any other business', () => {
    const older = { ...agenda, items: agenda.items.filter((i) => i.id !== 'any-other-business') };
    expect(numbered(addItem(older, { title: 'CCTV from Kingsford Homes' })).slice(-2)).toEqual(['6.1 The action plan', '6.2 CCTV from Kingsford Homes']);
  });
});

describe("a team's Case Review settings form", () => {
  it('reads back what it shows, and names each bad number', () => {
    const values = settingsFormValues(defaultCaseReviewSettings);
    expect(parseForm(settingsFormSchema, values)).toEqual({ ok: true, value: defaultCaseReviewSettings });
    const withRule = parseForm(settingsFormSchema, { ...values, crIndividualsRule: 'true', crIndividuals: '5', crHateRule: 'true' });
    expect(withRule.ok && withRule.value.thresholds).toMatchObject({ individualsAboutOneProblem: 5, hateIncidentMeetsThreshold: true });
    const bad = parseForm(settingsFormSchema, { ...values, crWindowMonths: '0', crAppealDays: '' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.map((e) => e.field).sort()).toEqual(['crAppealDays', 'crWindowMonths']);
  });
});
