/**
 * A small, generic PDF writer: a title, headings, paragraphs, key/value blocks, page breaks and an
 * optional footer on every page (with page numbers), in any mix of Chinese, Latin and
 * other scripts the embedded font covers. Used for anonymised stories (notes) and reusable for
 * letters (referrals).
 *
 * Text is real text (pdftotext and screen readers find it), set in Noto Sans SC, which covers
 * Simplified Chinese and Latin (French, Dutch, German accents). The font comes from an npm
 * package (@expo-google-fonts/noto-sans-sc ships the TTF files), never from the operating
 * system, so the output is the same on Linux, Windows and macOS. pdfkit embeds only the glyphs
 * used (subsetting), so a one-page story stays tens of kilobytes, not the font's 10 MB.
 *
 * The document is built in memory and returned as bytes: nothing is written to disk here.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

/**
 * `lang` (BCP 47) of a heading or paragraph picks its punctuation: Noto Sans SC draws ’ “ ” · at
 * CJK full width, right for Chinese but a visible gap inside "d’orientation"; text in another
 * language (or, without `lang`, text with no Chinese characters) gets the font's proportional forms.
 */
export type PdfBlock =
  | { kind: 'heading'; text: string; lang?: string }
  | { kind: 'paragraph'; text: string; lang?: string }
  /** A key/value table (label column, value column), e.g. the sender/receiver block of a letter. */
  | { kind: 'fields'; rows: Array<{ label: string; value: string }> }
  /** The next block starts on a new page. */
  | { kind: 'page-break' };
export type PdfInput = {
  title: string;
  blocks: PdfBlock[];
  /** BCP 47 language of the document, e.g. 'zh-CN' (PDF /Lang, for screen readers). */
  lang?: string;
  /** A line under the title in a smaller, grey type (e.g. "anonymised story"). */
  subtitle?: string;
  /**
   * Printed at the bottom of every page, in small grey type: `lines` (each wraps if long), then
   * `page(page, pages)` when given (e.g. "Page 1 of 2"). The bottom margin grows to fit it.
   */
  footer?: { lines: string[]; page?: (page: number, pages: number) => string };
};

const MARGIN = 64;
const FOOTER_SIZE = 8;
const FOOTER_GAP = 12;

const CJK_TEXT = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/;
const PROPORTIONAL: PDFKit.Mixins.OpenTypeFeatures[] = ['pwid', 'palt'];
function punctuation(text: string, lang?: string): { features?: PDFKit.Mixins.OpenTypeFeatures[] } {
  const latin = lang !== undefined ? !/^(zh|ja|ko)\b/i.test(lang) : !CJK_TEXT.test(text);
  return latin ? { features: PROPORTIONAL } : {};
}

const FONT_FILES = {
  regular: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'
} as const;

let fonts: { regular: Buffer; bold: Buffer } | null = null;
/** The font files, read once per process (about 20 MB); resolved from node_modules, never the OS. */
function loadFonts(): { regular: Buffer; bold: Buffer } {
  if (!fonts) {
    const req = createRequire(__filename);
    fonts = { regular: readFileSync(req.resolve(FONT_FILES.regular)), bold: readFileSync(req.resolve(FONT_FILES.bold)) };
  }
  return fonts;
}

export function renderPdf(input: PdfInput): Promise<Buffer> {
  const { regular, bold } = loadFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    lang: input.lang ?? 'und',
    displayTitle: true,
    // Only the title: no author, no creator application version, no modification trail.
    info: { Title: input.title, Producer: 'Anxin', Creator: 'Anxin' },
    // The footer needs the page count, so its pages are kept until the end.
    bufferPages: input.footer !== undefined,
    autoFirstPage: true
  });
  doc.registerFont('body', regular);
  doc.registerFont('bold', bold);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const footer = input.footer;
  const footerLines = footer ? [...footer.lines, ...(footer.page ? [footer.page(1, 1)] : [])] : [];
  const width = doc.page.width - MARGIN * 2;
  doc.font('body').fontSize(FOOTER_SIZE);
  const footerHeight = footerLines.reduce((h, line) => h + doc.heightOfString(line, { width, lineGap: 1, ...punctuation(line) }), 0);
  if (footer) {
    // Body text stops above the footer on every page.
    const bottom = Math.max(MARGIN, Math.ceil(footerHeight) + FOOTER_GAP + 28);
    doc.page.margins.bottom = bottom;
    doc.on('pageAdded', () => {
      doc.page.margins.bottom = bottom;
    });
  }

  doc.font('bold').fontSize(20).fillColor('#1d2433').text(input.title, { paragraphGap: 4, ...punctuation(input.title) });
  if (input.subtitle) doc.font('body').fontSize(10).fillColor('#5b6475').text(input.subtitle, { paragraphGap: 12, ...punctuation(input.subtitle) });
  doc.moveDown(0.5);
  for (const block of input.blocks) {
    if (block.kind === 'heading') {
      doc.moveDown(0.4).font('bold').fontSize(13).fillColor('#1d2433').text(block.text, { paragraphGap: 4, ...punctuation(block.text, block.lang) });
    } else if (block.kind === 'fields') {
      writeFields(doc, block.rows);
    } else if (block.kind === 'page-break') {
      doc.addPage();
    } else {
      for (const para of block.text.split(/\n{2,}/)) {
        doc.font('body').fontSize(11).fillColor('#1d2433').text(para, { paragraphGap: 8, lineGap: 3, align: 'left', ...punctuation(para, block.lang) });
      }
    }
  }
  if (footer) writeFooters(doc, footer, footerHeight);
  doc.end();
  return done;
}

/** Two columns: labels in small bold grey, values in body type; a thin rule under the block. */
function writeFields(doc: PDFKit.PDFDocument, rows: Array<{ label: string; value: string }>): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const labelWidth = Math.round(width * 0.3);
  const valueLeft = left + labelWidth + 12;
  const valueWidth = width - labelWidth - 12;
  doc.moveDown(0.3);
  for (const row of rows) {
    // Each line of a value on its own, so a Latin name keeps Latin punctuation under a Chinese line.
    const lines = row.value.split('\n');
    doc.font('body').fontSize(10.5);
    const valueHeight = lines.reduce((h, line) => h + doc.heightOfString(line, { width: valueWidth, ...punctuation(line) }), 0);
    const rowHeight = Math.max(doc.font('bold').fontSize(9).heightOfString(row.label, { width: labelWidth, ...punctuation(row.label) }), valueHeight);
    if (doc.y + rowHeight > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const top = doc.y;
    doc.font('bold').fontSize(9).fillColor('#5b6475').text(row.label, left, top + 1, { width: labelWidth, ...punctuation(row.label) });
    doc.font('body').fontSize(10.5).fillColor('#1d2433');
    let y = top;
    for (const line of lines) {
      doc.text(line, valueLeft, y, { width: valueWidth, ...punctuation(line) });
      y = doc.y;
    }
    doc.y = top + rowHeight + 5;
  }
  doc.x = left;
  const y = doc.y + 2;
  doc.moveTo(left, y).lineTo(left + width, y).lineWidth(0.5).strokeColor('#c4c9d4').stroke();
  doc.y = y + 10;
}

/** Writes the footer on every buffered page, inside the bottom margin reserved for it. */
function writeFooters(doc: PDFKit.PDFDocument, footer: NonNullable<PdfInput['footer']>, height: number): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const { left, right } = doc.page.margins;
    const width = doc.page.width - left - right;
    const lines = [...footer.lines, ...(footer.page ? [footer.page(i - range.start + 1, range.count)] : [])];
    // Writing below the bottom margin would start a new page: lift the margin while writing.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    let y = doc.page.height - MARGIN / 2 - height;
    doc.moveTo(left, y - 6).lineTo(left + width, y - 6).lineWidth(0.5).strokeColor('#c4c9d4').stroke();
    doc.font('body').fontSize(FOOTER_SIZE).fillColor('#5b6475');
    for (const line of lines) {
      doc.text(line, left, y, { width, lineGap: 1, ...punctuation(line) });
      y = doc.y;
    }
    doc.page.margins.bottom = bottom;
  }
}
