import {
  addItem,
  buildAgenda,
  dropItem,
  agendaOutline,
  itemNumbers,
  reorderItem,
  type Agenda,
  type AgendaEditResult,
  type AgendaInput,
} from '../../../src/domain/meetings/index.js';
import { agendaInput, caseSummary } from './fixtures.js';

function ok(result: AgendaEditResult): Agenda {
  if (!result.ok) throw new Error(`expected ok, got ${result.reason}`);
  return result.agenda;
}

describe('buildAgenda', () => {
  const agenda = buildAgenda(agendaInput());

  test('sections come in the fixed order, each case once, open actions carried forward', () => {
    expect(agenda.items.map((i) => [i.section, i.id])).toEqual([
      [1, 'apologies'],
      [2, 'previous-minutes'],
      [2, 'action:m-oct/a1'],
      [2, 'action:m-oct/a2'],
      [3, 'case:case-1'],
      [4, 'case:case-2'],
      [4, 'case:case-3'],
      [5, 'case:case-4'],
      [6, 'case:case-5'],
      [7, 'area-figures'],
      [8, 'any-other-business'],
      [9, 'next-meeting'],
    ]);
    expect(agendaOutline(agenda).map((g) => g.heading)).toEqual([
      'Apologies',
      'Previous minutes and open actions',
      'New high-risk victims since the last meeting',
      'Cases nominated by officers',
      'Cases at an ASB Case Review threshold',
      'Warnings and ABCs reaching the end of monitoring before the next meeting',
      'Area figures since the last meeting',
      'Any other business',
      'Date of the next meeting',
    ]);
  });

  test('a case listed for several reasons appears in the first section that applies, with every reason', () => {
    const byId = new Map(agenda.items.map((i) => [i.id, i]));
    const reasonsOf = (id: string) => {
      const item = byId.get(id);
      if (item?.kind !== 'case') throw new Error(`${id} is not a case item`);
      return item.reasons.map((r) => r.kind);
    };
    expect(reasonsOf('case:case-1')).toEqual(['high-risk', 'nominated']);
    expect(reasonsOf('case:case-2')).toEqual(['nominated', 'case-review-threshold']);
    expect(reasonsOf('case:case-4')).toEqual(['case-review-threshold', 'monitoring-ending']);
    expect(reasonsOf('case:case-5')).toEqual(['monitoring-ending']);
    const caseIds = agenda.items.flatMap((i) => (i.kind === 'case' ? [i.caseId] : []));
    expect(new Set(caseIds).size).toBe(caseIds.length);
  });

  test('filters: high-risk assessed before the last meeting and monitoring ending after the next meeting are left out', () => {
    expect(agenda.items.some((i) => i.id === 'case:case-9')).toBe(false);
    expect(agenda.items.some((i) => i.id === 'case:case-6')).toBe(false);
  });

  test('the case item carries no address even when the input has one', () => {
    const withAddress = { ...caseSummary(1), address: '1 High Street, Camborne TR14 8AA' };
    const built = buildAgenda({ ...agendaInput(), newHighRiskCases: [{ case: withAddress, assessedOn: '2026-10-20' }] });
    expect(JSON.stringify(built)).not.toContain('High Street');
  });

  test('a case no victim has been assessed on says so, not "standard risk"', () => {
    const { riskLevel: _none, ...unassessed } = caseSummary(7);
    const built = buildAgenda({ ...agendaInput(), caseReviewThresholdCases: [{ case: unassessed, detail: '3 qualifying complaints in 6 months' }] });
    expect(built.items.find((i) => i.id === 'case:case-7')?.title).toBe('ASB-2026-00007 (Camborne, risk not assessed)');
  });

  test('the figures and the next meeting date are on the agenda', () => {
    const figures = agenda.items.find((i) => i.kind === 'figures');
    expect(figures?.kind === 'figures' && figures.figures.warningsByStage['stage 1']).toEqual({ under18: 4, adult: 2 });
    expect(agenda.items[agenda.items.length - 1].title).toBe('Date of the next meeting: Thursday 10 December 2026');
  });

  test('with no earlier meeting every high-risk case counts as new', () => {
    const first = buildAgenda({ ...agendaInput(), lastMeetingDate: null, openActions: [] });
    expect(first.items.some((i) => i.id === 'case:case-9')).toBe(true);
    expect(first.items.filter((i) => i.section === 2).map((i) => i.id)).toEqual(['previous-minutes']);
  });
});

describe("the chair's edits before the meeting", () => {
  const agenda = buildAgenda(agendaInput());

  test('reorder moves an item and leaves the original untouched', () => {
    const moved = ok(reorderItem(agenda, 'case:case-5', 4));
    expect(moved.items[4].id).toBe('case:case-5');
    expect(moved.items).toHaveLength(agenda.items.length);
    expect(agenda.items[4].id).toBe('case:case-1');
  });

  test('apologies stay first and the next meeting date stays last', () => {
    expect(reorderItem(agenda, 'apologies', 3)).toEqual({ ok: false, reason: 'cannot-move' });
    expect(reorderItem(agenda, 'next-meeting', 0)).toEqual({ ok: false, reason: 'cannot-move' });
    expect(reorderItem(agenda, 'case:case-1', 0)).toEqual({ ok: false, reason: 'bad-position' });
    expect(reorderItem(agenda, 'case:case-1', agenda.items.length - 1)).toEqual({ ok: false, reason: 'bad-position' });
    expect(ok(reorderItem(agenda, 'case:case-1', agenda.items.length - 2)).items.at(-2)?.id).toBe('case:case-1');
    expect(reorderItem(agenda, 'nope', 2)).toEqual({ ok: false, reason: 'not-found' });
  });

  test('standing items 1, 2 and 9 cannot be dropped; others can', () => {
    for (const id of ['apologies', 'previous-minutes', 'next-meeting']) expect(dropItem(agenda, id)).toEqual({ ok: false, reason: 'cannot-drop' });
    const dropped = ok(dropItem(ok(dropItem(agenda, 'case:case-3')), 'any-other-business'));
    expect(dropped.items.map((i) => i.id)).not.toContain('case:case-3');
    expect(dropped.items.map((i) => i.id)).not.toContain('any-other-business');
    expect(dropItem(agenda, 'nope')).toEqual({ ok: false, reason: 'not-found' });
  });

  test('added items go before Any other business by default, with fresh ids', () => {
    const one = ok(addItem(agenda, { title: 'Street drinking in the park', detail: 'Raised by the PCSO' }));
    const two = ok(addItem(one, { title: 'Summer events plan', beforeItemId: 'case:case-2' }));
    const ids = two.items.map((i) => i.id);
    expect(ids.indexOf('custom:1')).toBe(ids.indexOf('any-other-business') - 1);
    expect(ids.indexOf('custom:2')).toBe(ids.indexOf('case:case-2') - 1);
    expect(two.items.find((i) => i.id === 'custom:1')?.section).toBe(8);
    expect(two.items.find((i) => i.id === 'custom:2')?.section).toBe(3);
    expect(addItem(agenda, { title: 'Case again', caseId: 'case-1' })).toEqual({ ok: false, reason: 'case-already-listed' });
    expect(addItem(agenda, { title: 'x', beforeItemId: 'apologies' })).toEqual({ ok: false, reason: 'bad-position' });
    expect(addItem(agenda, { title: '   ' })).toEqual({ ok: false, reason: 'empty-title' });
  });
});

// Speed is measured in bench/meetings.ts (agenda ≤ 200 ms), not here: a timed test fails on a loaded CI machine.
describe('a large area', () => {
  test('5,000 open cases in an area build an agenda that lists each case once', () => {
    const n = 5000;
    const cases = Array.from({ length: n }, (_, i) => caseSummary(i + 1000, { riskLevel: i % 3 === 0 ? 'high' : 'medium' }));
    const day = (i: number) => `2026-10-${String(10 + (i % 20)).padStart(2, '0')}`;
    const input: AgendaInput = {
      ...agendaInput(),
      openActions: Array.from({ length: 300 }, (_, i) => ({ actionId: `a${i}`, what: `Action ${i}`, ownerName: 'Police', agency: 'Police', dueDate: day(i * 7), agreedOn: '2026-10-08' })),
      newHighRiskCases: cases.filter((c) => c.riskLevel === 'high').map((c, i) => ({ case: c, assessedOn: day(i) })),
      nominations: cases.filter((_, i) => i % 4 === 0).map((c, i) => ({ case: c, reason: 'Nominated', nominatedBy: { name: 'PC Moss' }, nominatedOn: day(i) })),
      caseReviewThresholdCases: cases.filter((_, i) => i % 5 === 0).map((c) => ({ case: c, detail: '3 complaints in 6 months' })),
      monitoringEndingBeforeNextMeeting: cases.filter((_, i) => i % 7 === 0).map((c, i) => ({
        interventionId: `iv${i}`, case: c, type: 'ABC', stage: 'stage 2', personInitials: 'A. B.', under18: i % 2 === 0, endsOn: '2026-11-30',
      })),
    };
    const agenda = buildAgenda(input);
    const caseItems = agenda.items.filter((i) => i.kind === 'case');
    expect(caseItems.length).toBeGreaterThan(0);
    expect(new Set(caseItems.map((i) => i.id)).size).toBe(caseItems.length);
  });
});

describe('one numbering', () => {
  const agenda = buildAgenda(agendaInput());
  test('every section 1–9 in order, items as 3.1, 3.2…, a lone standing item numbered as its section', () => {
    const outline = agendaOutline(agenda);
    expect(outline.map((s) => s.number)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const numbers = itemNumbers(agenda);
    expect(numbers[0]).toBe('1');
    expect(numbers.filter((n) => n.startsWith('2.'))).toEqual(agenda.items.filter((i) => i.section === 2).map((_, k) => `2.${k + 1}`));
    expect(numbers.at(-1)).toBe('9');
    expect(new Set(numbers).size).toBe(numbers.length);
  });
  test('an item moved into another section takes that section, so the numbering never skips back', () => {
    const caseItem = agenda.items.findIndex((i) => i.kind === 'case' && i.section === 3);
    const target = agenda.items.findIndex((i) => i.id === 'any-other-business');
    const moved = reorderItem(agenda, agenda.items[caseItem]!.id, target - 1);
    if (!moved.ok) throw new Error(moved.reason);
    const sections = moved.agenda.items.map((i) => i.section);
    expect([...sections].sort((a, b) => a - b)).toEqual(sections);
  });
});
