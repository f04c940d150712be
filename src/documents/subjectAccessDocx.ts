/** The subject access pack as a Word document, marked at the top and on every page like the minutes. */
import { HeadingLevel, Paragraph, TextRun } from 'docx';
import { describeDate } from '../domain/meetings/dates.js';
import { markedDocx } from './marked.js';
import type { PackEntry, PackSection, SubjectAccessPack } from '../domain/governance/subjectAccessPack.js';

const labelled = (label: string, value: string) => new Paragraph({ children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun(value)] });
const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]) => new Paragraph({ heading: level, children: [new TextRun(text)] });

function entries(title: string, list: readonly PackEntry[]): Paragraph[] {
  if (list.length === 0) return [];
  return [
    heading(title, HeadingLevel.HEADING_3),
    ...list.map((e) => new Paragraph({ bullet: { level: 0 }, children: [new TextRun({ text: `${e.when}: `, bold: true }), new TextRun(e.text)] })),
  ];
}

function section(s: PackSection): Paragraph[] {
  return [
    heading(`${s.reference}: ${s.roles.join(', ')}`, HeadingLevel.HEADING_2),
    ...s.summary.map(([label, value]) => labelled(label, value)),
    ...(s.details.length > 0 ? [heading('Your details as recorded', HeadingLevel.HEADING_3), ...s.details.map(([label, value]) => labelled(label, value))] : []),
    ...entries('Incidents', s.incidents),
    ...entries('Case notes', s.notes),
    ...entries('Meeting minutes', s.minutes),
    ...entries('Actions agreed', s.actions),
  ];
}

export function subjectAccessToDocx(pack: SubjectAccessPack): Promise<Buffer> {
  return markedDocx('Subject access request', pack.marking, [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun('Subject access request: records held')] }),
    labelled('Request received', describeDate(pack.receivedOn)),
    labelled('Response due', describeDate(pack.dueOn)),
    labelled('Prepared', `${describeDate(pack.preparedOn)} by ${pack.preparedBy}`),
    new Paragraph({ children: [new TextRun({ text: 'Other people named in these records are shown as [third party].', italics: true })] }),
    ...(pack.sections.length === 0 ? [new Paragraph('No records are held.')] : pack.sections.flatMap(section)),
  ]);
}
