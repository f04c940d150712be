import {
  BorderStyle,
  HeadingLevel,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { Minutes, MinutesItem } from '../domain/meetings/minutes.js';
import { markedDocx } from './marked.js';

/** The minutes as a Word document, marked OFFICIAL-SENSITIVE at the top and on every page. */

function labelled(label: string, value: string): Paragraph {
  return new Paragraph({ children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun(value || 'None recorded')] });
}

function bullet(children: TextRun[]): Paragraph {
  return new Paragraph({ bullet: { level: 0 }, children });
}

function itemParagraphs(item: MinutesItem): Paragraph[] {
  const out: Paragraph[] = [];
  // A section that is just its standing item (1. Apologies) has no second heading.
  if (item.number.includes('.')) out.push(new Paragraph({ heading: HeadingLevel.HEADING_3, children: [new TextRun(`${item.number} ${item.title}`)] }));
  else if (item.title !== item.sectionTitle) out.push(new Paragraph({ children: [new TextRun({ text: item.title, bold: true })] }));
  for (const line of item.context) out.push(new Paragraph({ children: [new TextRun({ text: line, italics: true })] }));
  if (item.notes.length > 0) {
    out.push(new Paragraph({ children: [new TextRun({ text: 'Discussion', bold: true })] }));
    for (const n of item.notes) out.push(bullet([new TextRun(n.text), new TextRun({ text: ` (${n.author}, ${n.time})`, color: '595959' })]));
  }
  if (item.decisions.length > 0) {
    out.push(new Paragraph({ children: [new TextRun({ text: 'Decisions', bold: true })] }));
    for (const d of item.decisions) out.push(bullet([new TextRun(d)]));
  }
  if (item.actions.length > 0) {
    out.push(new Paragraph({ children: [new TextRun({ text: 'Actions', bold: true })] }));
    for (const a of item.actions) {
      out.push(bullet([new TextRun({ text: `${a.ref} `, bold: true }), new TextRun(`${a.what}: ${a.owner}${a.agency && a.agency !== a.owner ? ` (${a.agency})` : ''}, due ${a.due}`)]));
    }
  }
  if (item.notes.length + item.decisions.length + item.actions.length === 0) {
    out.push(new Paragraph({ children: [new TextRun({ text: 'Nothing recorded.', color: '595959' })] }));
  }
  return out;
}

const tableColumns: { title: string; width: number; value: (a: Minutes['actionTable'][number]) => string }[] = [
  { title: 'Ref', width: 6, value: (a) => a.ref },
  { title: 'Action', width: 34, value: (a) => a.what },
  { title: 'Owner', width: 17, value: (a) => a.owner },
  { title: 'Agency', width: 15, value: (a) => a.agency },
  { title: 'Due', width: 17, value: (a) => a.due },
  { title: 'Case', width: 11, value: (a) => a.caseReference },
];

function cell(text: string, width: number, header = false): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.PERCENTAGE },
    ...(header ? { shading: { fill: 'D9D9D9' } } : {}),
    children: [new Paragraph({ children: [new TextRun({ text, bold: header })] })],
  });
}

function actionTable(minutes: Minutes): Table {
  const border = { style: BorderStyle.SINGLE, size: 4, color: '808080' };
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
    rows: [
      new TableRow({ tableHeader: true, children: tableColumns.map((c) => cell(c.title, c.width, true)) }),
      ...minutes.actionTable.map((a) => new TableRow({ children: tableColumns.map((c) => cell(c.value(a), c.width)) })),
    ],
  });
}

export function minutesToDocx(minutes: Minutes): Promise<Buffer> {
  const h = minutes.header;
  const body: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(minutes.title)] }),
    new Paragraph({ children: [new TextRun({ text: minutes.statusText, bold: true })] }),
    labelled('Group', h.groupName),
    labelled('Areas', h.areas.join(', ')),
    labelled('Date', h.dateText),
    labelled('Chair', h.chair),
    labelled('Minute-taker', h.minuteTaker),
    labelled('Present', h.present.join('; ')),
    labelled('Apologies', h.apologies.join('; ')),
    labelled('Guests', h.guests.join('; ')),
    labelled('Information shared under', h.infoSharingBasis),
  ];
  for (const section of minutes.sections) {
    body.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(`${section.number}. ${section.title}`)] }));
    const items = minutes.items.filter((item) => item.section === section.section);
    if (items.length === 0) body.push(new Paragraph({ children: [new TextRun({ text: 'Nothing on the agenda.', color: '595959' })] }));
    for (const item of items) body.push(...itemParagraphs(item));
  }
  body.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('Action table')] }));
  body.push(minutes.actionTable.length > 0 ? actionTable(minutes) : new Paragraph('No actions were agreed.'));
  if (minutes.corrections.length > 0) {
    body.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('Corrections')] }));
    for (const c of minutes.corrections) body.push(bullet([new TextRun(c.text), new TextRun({ text: ` (${c.by}, ${c.at})`, color: '595959' })]));
  }
  return markedDocx(minutes.title, minutes.marking, body);
}
