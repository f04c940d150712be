/**
 * Writes the plain default letter templates to templates/letters/ (`node --import tsx scripts/make-letter-templates.ts`).
 * They hold no personal data, only docxtemplater tags ({recipientName} …), and are committed; a council points
 * LETTER_TEMPLATES_DIR at its own files, made from these or from scratch (see src/domain/letters/letterTypes.ts).
 */
import { writeFileSync } from 'node:fs';
import { Document, Packer, PageBreak, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { letterTypes, type LetterTypeId } from '../src/domain/letters/letterTypes.js';

const p = (text: string, options: { bold?: boolean } = {}) => new Paragraph({ children: [new TextRun({ text, bold: options.bold })], spacing: { after: 160 } });

const bodies: Record<LetterTypeId, string[]> = {
  'victim-welcome': [
    'Thank you for telling us about the anti-social behaviour you are experiencing. Your case reference is {caseReference} and your officer is {officerName}.',
    'We will keep in touch as agreed with you. Please use the diary sheet below to write down each incident as it happens: the date, the time, what happened, who was involved and how it affected you. Your diary is important evidence.',
    'If you feel at risk at any time, call 999.',
  ],
  'stage-1-warning': [
    'We have received reports that you have been involved in anti-social behaviour ({warningStage}, served on {servedOn}).',
    'This letter is a warning. If the behaviour continues we may take further action. Your behaviour will be monitored until {monitoringEnd}.',
  ],
  'stage-2-warning': [
    'This is a final warning ({warningStage}, served on {servedOn}). We wrote to you before about anti-social behaviour and further reports have been received.',
    'If the behaviour continues we will consider legal action, which may include a civil injunction. Your behaviour will be monitored until {monitoringEnd}.',
  ],
  'abc-agreement': [
    'This Acceptable Behaviour Contract is a voluntary agreement between you and the ASB team. You agree:',
    '{abcTerms}',
    'The contract will be reviewed regularly and runs until {monitoringEnd}. Breaking it may lead to further action.',
  ],
  'community-protection-warning': [
    'This is a Community Protection Warning under section 43 of the Anti-social Behaviour, Crime and Policing Act 2014, served on {servedOn}.',
    'Your conduct is having a detrimental effect, of a persistent or continuing nature, on the quality of life of those in the locality, and is unreasonable. If it continues, a Community Protection Notice may be issued. This warning is monitored until {monitoringEnd}.',
  ],
  'closure-victim': [
    'We are writing to tell you that your case {caseReference} has now been closed. The reason is: {closureReason}.',
    'If the anti-social behaviour starts again, please contact us and quote your reference. You may also ask for an ASB Case Review if you have reported {incidentCount} or more incidents in {caseReviewMonths} months.',
  ],
  'case-review-outcome': [
    'Your ASB Case Review for case {caseReference} has taken place. The outcome and any recommendations are set out below by your officer.',
    'If you are not satisfied with the outcome, you may ask for it to be looked at again under our escalation process.',
  ],
};

function diarySheet(): Table {
  const cell = (text: string, bold = false) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })], width: { size: 20, type: WidthType.PERCENTAGE } });
  const header = new TableRow({ tableHeader: true, children: ['Date', 'Time', 'What happened', 'Who', 'Effect on you'].map((h) => cell(h, true)) });
  const blank = () => new TableRow({ height: { value: 900, rule: 'atLeast' }, children: [0, 1, 2, 3, 4].map(() => cell('')) });
  return new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [header, ...Array.from({ length: 10 }, blank)] });
}

function template(id: LetterTypeId, label: string): Document {
  const copy = [
    p('{#copies}{teamName}'),
    p('{recipientName}'),
    p('{recipientAddress}'),
    p('Date: {date}    Our reference: {caseReference}'),
    p('{#isParentCopy}Copy for the parent or guardian of {subjectName}{/isParentCopy}', { bold: true }),
    p(label, { bold: true }),
    p('Dear {recipientName},'),
    ...bodies[id].map((text) => p(text)),
    p('Yours sincerely,'),
    p('{officerName}, {officerContact}'),
  ];
  const children = id === 'victim-welcome'
    ? [...copy, new Paragraph({ children: [new PageBreak()] }), p('Diary sheet: {caseReference}', { bold: true }), diarySheet(), p('{/copies}')]
    : [...copy, new Paragraph({ children: [new TextRun('{/copies}'), new PageBreak()] })];
  return new Document({ creator: 'ASB Case Assistant', title: label, sections: [{ children }] });
}

for (const type of letterTypes) {
  writeFileSync(new URL(`../templates/letters/${type.id}.docx`, import.meta.url), await Packer.toBuffer(template(type.id, type.label)));
  console.log(`templates/letters/${type.id}.docx`);
}
