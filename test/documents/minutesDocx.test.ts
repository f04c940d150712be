import JSZip from 'jszip';
import { minutesToDocx } from '../../src/documents/minutesDocx.js';
import {
  addAction,
  addDecision,
  addNote,
  buildAgenda,
  buildMinutes,
  createMeeting,
  endMeeting,
  startMeeting,
  type Meeting,
} from '../../src/domain/meetings/index.js';
import { agendaInput, caseSummary, group, runMeeting } from '../domain/meetings/fixtures.js';

async function openDocx(buffer: Buffer): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(buffer);
  const parts: Record<string, string> = {};
  for (const name of Object.keys(zip.files)) {
    if (name.endsWith('.xml')) parts[name] = await zip.file(name)!.async('string');
  }
  return parts;
}

/** The visible text of a WordprocessingML part: the runs' text joined per paragraph. */
function textOf(xml: string): string {
  return xml
    .split(/<\/w:p>/)
    .map((p) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .join('\n')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'");
}

describe('minutesToDocx', () => {
  const meeting = runMeeting();
  const minutes = buildMinutes(group, meeting);

  test('the document opens and holds the header, every note, decision and action, and the marking everywhere', async () => {
    const buffer = await minutesToDocx(minutes);
    expect(buffer.subarray(0, 2).toString()).toBe('PK');
    const parts = await openDocx(buffer);
    const body = textOf(parts['word/document.xml']);
    expect(body.startsWith('OFFICIAL-SENSITIVE')).toBe(true);
    for (const text of [minutes.title, 'Priya Shah', 'Tom Reed', 'Dee Carter (Housing)', 'Ruth Penrose (Victim Support, guest)', 's.115 Crime and Disorder Act 1998']) {
      expect(body).toContain(text);
    }
    for (const item of minutes.items) {
      expect(body).toContain(item.title);
      for (const n of item.notes) expect(body).toContain(n.text);
      for (const d of item.decisions) expect(body).toContain(d);
    }
    for (const a of minutes.actionTable) expect(body).toContain(a.what);
    expect(body).not.toContain('gossip');

    const headers = Object.keys(parts).filter((n) => /^word\/header\d*\.xml$/.test(n));
    const footers = Object.keys(parts).filter((n) => /^word\/footer\d*\.xml$/.test(n));
    expect(headers.length).toBeGreaterThan(0);
    expect(footers.length).toBeGreaterThan(0);
    for (const n of [...headers, ...footers]) expect(textOf(parts[n])).toContain('OFFICIAL-SENSITIVE');
    expect(footers.some((n) => parts[n].includes('PAGE'))).toBe(true);
  });

  test('the action table is a real Word table, one row per action plus the heading row', async () => {
    const xml = (await openDocx(await minutesToDocx(minutes)))['word/document.xml'];
    const tables = xml.match(/<w:tbl>[\s\S]*?<\/w:tbl>/g) ?? [];
    expect(tables).toHaveLength(1);
    const rows = (tables[0] ?? '').match(/<w:tr[ >][\s\S]*?<\/w:tr>/g) ?? [];
    expect(rows).toHaveLength(1 + minutes.actionTable.length);
    expect(textOf(rows[1])).toContain('Make the MARAC referral');
    expect(textOf(rows[1].replace(/<\/w:tc>/g, '</w:p>|'))).toMatch(/A1[\s\S]*Make the MARAC referral[\s\S]*Priya Shah[\s\S]*Council[\s\S]*Monday 16 November 2026[\s\S]*ASB-2026-00001/);
  });

  test('special characters survive', async () => {
    const weird = { ...minutes, items: [{ ...minutes.items[0], notes: [{ text: 'Tom & Jerry <said> "hi" — ok', author: 'A', time: '10:00' }] }] };
    const body = textOf((await openDocx(await minutesToDocx(weird)))['word/document.xml']);
    expect(body).toContain('Tom & Jerry <said> "hi" — ok');
  });

  // Speed is measured in bench/meetings.ts (minutes + .docx ≤ 1 s), not here.
  test('40 items with notes and actions: the .docx holds every one', async () => {
    const input = agendaInput();
    const many = buildAgenda({
      ...input,
      nominations: Array.from({ length: 29 }, (_, i) => ({ case: caseSummary(100 + i), reason: `Reason ${i}`, nominatedBy: { name: 'PC Moss' } })),
    });
    let m: Meeting = createMeeting({ id: 'm-big', group, date: '2026-11-12', agenda: many });
    const step = (r: { ok: boolean }) => {
      if (!r.ok) throw new Error(JSON.stringify(r));
      m = (r as { ok: true; meeting: Meeting }).meeting;
    };
    step(startMeeting(m, '2026-11-12T10:00:00.000Z'));
    const items = m.agenda.items;
    expect(items).toHaveLength(40);
    const edit = { by: 'Tom Reed', at: '2026-11-12T10:30:00.000Z' };
    for (const item of items) {
      for (let n = 0; n < 4; n++) step(addNote(m, item.id, `Note ${n} on ${item.id}: discussion of progress and next steps.`, edit, n));
      step(addDecision(m, item.id, `Decision on ${item.id}`, edit, 4));
      step(addAction(m, item.id, { what: `Action on ${item.id}`, owner: { kind: 'agency', name: 'Police' }, dueDate: '2026-11-30' }, edit, 5));
      step(addAction(m, item.id, { what: `Second action on ${item.id}`, owner: { kind: 'member', name: 'Dee Carter', agency: 'Housing' }, dueDate: '2026-12-04' }, edit, 6));
    }
    step(endMeeting(m, '2026-11-12T13:00:00.000Z'));
    const buffer = await minutesToDocx(buildMinutes(group, m));
    const body = textOf((await openDocx(buffer))['word/document.xml']);
    expect(body).toContain('Second action on next-meeting');
    expect(body).toContain('Note 3 on case:case-127');
  });
});
