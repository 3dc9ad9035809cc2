/**
 * A small, generic PDF writer: a title, headings and paragraphs, in any mix of Chinese, Latin and
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

export type PdfBlock = { kind: 'heading'; text: string } | { kind: 'paragraph'; text: string };
export type PdfInput = {
  title: string;
  blocks: PdfBlock[];
  /** BCP 47 language of the document, e.g. 'zh-CN' (PDF /Lang, for screen readers). */
  lang?: string;
  /** A line under the title in a smaller, grey type (e.g. "anonymised story"). */
  subtitle?: string;
};

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
    margins: { top: 64, bottom: 64, left: 64, right: 64 },
    lang: input.lang ?? 'und',
    displayTitle: true,
    // Only the title: no author, no creator application version, no modification trail.
    info: { Title: input.title, Producer: 'Anxin', Creator: 'Anxin' },
    bufferPages: false,
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

  doc.font('bold').fontSize(20).fillColor('#1d2433').text(input.title, { paragraphGap: 4 });
  if (input.subtitle) doc.font('body').fontSize(10).fillColor('#5b6475').text(input.subtitle, { paragraphGap: 12 });
  doc.moveDown(0.5);
  for (const block of input.blocks) {
    if (block.kind === 'heading') {
      doc.moveDown(0.4).font('bold').fontSize(13).fillColor('#1d2433').text(block.text, { paragraphGap: 4 });
    } else {
      for (const para of block.text.split(/\n{2,}/)) {
        doc.font('body').fontSize(11).fillColor('#1d2433').text(para, { paragraphGap: 8, lineGap: 3, align: 'left' });
      }
    }
  }
  doc.end();
  return done;
}
