/** A Word document marked with its protective marking at the top, in the header and footer of every page. */
import { AlignmentType, Document, Footer, Header, Packer, PageNumber, Paragraph, Table, TextRun } from 'docx';

export function marking(text: string): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text, bold: true, color: 'C00000' })] });
}

export function markedDocx(title: string, markingText: string, body: Array<Paragraph | Table>): Promise<Buffer> {
  const doc = new Document({
    creator: 'ASB Case Assistant',
    title,
    description: markingText,
    sections: [{
      headers: { default: new Header({ children: [marking(markingText)] }) },
      footers: {
        default: new Footer({
          children: [marking(markingText), new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES] })] })],
        }),
      },
      children: [marking(markingText), ...body, marking(markingText)],
    }],
  });
  return Packer.toBuffer(doc);
}
