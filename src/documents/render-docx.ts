/** Renders a case document to Word (.docx) with the `docx` library: A4, the organisation's name at the top. */
import { AlignmentType, BorderStyle, Document, HeadingLevel, Packer, Paragraph, ShadingType, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { CaseDocument, DocumentBlock } from './document-model';
import { xmlSafeDocument, xmlSafeText } from './xml-safe-text';

export interface RenderSettings {
  organisationName: string;
}

const A4 = { width: 11906, height: 16838 };
const FONT = 'Arial';

function cell(text: string, header = false): TableCell {
  return new TableCell({
    children: text.split('\n').map((line) => new Paragraph({ children: [new TextRun({ text: line, bold: header, font: FONT })] })),
    ...(header ? { shading: { type: ShadingType.CLEAR, fill: 'E7E6E6', color: 'auto' } } : {}),
  });
}

function table(header: string[] | null, rows: string[][], firstColumnBold = false): Table {
  const tableRows = [
    ...(header ? [new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) })] : []),
    ...rows.map((r) => new TableRow({ children: r.map((text, i) => cell(text, firstColumnBold && i === 0)) })),
  ];
  return new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: tableRows });
}

function blockToDocx(block: DocumentBlock): Array<Paragraph | Table> {
  switch (block.type) {
    case 'heading':
      return [new Paragraph({ text: block.text, heading: HeadingLevel.HEADING_2, spacing: { before: 240, after: 80 } })];
    case 'paragraph':
      return [new Paragraph({ children: [new TextRun({ text: block.text, font: FONT })], spacing: { after: 120 } })];
    case 'mark':
      return [new Paragraph({
        children: [new TextRun({ text: block.text, bold: true, font: FONT })],
        border: { top: { style: BorderStyle.SINGLE, size: 8, color: '1F4E79', space: 4 }, bottom: { style: BorderStyle.SINGLE, size: 8, color: '1F4E79', space: 4 } },
        spacing: { before: 120, after: 200 },
      })];
    case 'facts':
      return [table(null, block.rows.map(([label, value]) => [label, value]), true), new Paragraph({ text: '' })];
    case 'table':
      return [table(block.header, block.rows), new Paragraph({ text: '' })];
  }
}

export function documentTitleLine(doc: CaseDocument): string {
  return `${doc.title}: case ${doc.caseRef}`;
}

export async function renderDocx(doc: CaseDocument, settings: RenderSettings): Promise<Buffer> {
  doc = xmlSafeDocument(doc);
  settings = { ...settings, organisationName: xmlSafeText(settings.organisationName) };
  const document = new Document({
    creator: 'Return home bot',
    title: documentTitleLine(doc),
    description: `${doc.title}, case ${doc.caseRef}`,
    styles: { default: { document: { run: { font: FONT, size: 22 } } } },
    sections: [{
      properties: { page: { size: A4 } },
      children: [
        new Paragraph({ children: [new TextRun({ text: settings.organisationName, font: FONT, color: '595959' })], alignment: AlignmentType.RIGHT }),
        new Paragraph({ text: doc.title, heading: HeadingLevel.HEADING_1 }),
        new Paragraph({ children: [new TextRun({ text: `Case ${doc.caseRef}`, font: FONT, color: '595959' })], spacing: { after: 200 } }),
        ...doc.blocks.flatMap(blockToDocx),
      ],
    }],
  });
  return Packer.toBuffer(document);
}
