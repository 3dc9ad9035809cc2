/**
 * The referral letter laid out for printing (docs/referrals.md, "Printing"): the same content and
 * order as the PDF, from the same letterSheet() — title, both organisations with their
 * countries, service, date, reference; the Chinese letter; the receiver-language letter on a new
 * page; after each letter the closing block with the reference, the verification fingerprint and
 * the line asking the reader to compare it with the sender by phone.
 *
 * It is rendered into <body> (a portal, outside #root) while a referral with a letter is open,
 * and hidden on screen; referrals.css makes it the only thing that prints (@media print hides
 * #root: header, navigation, quick exit, the rest of the page). So "Print letter" is just
 * window.print(): the browser's print preview or, in Electron, the system print dialog. Its labels
 * are the letter's languages (Chinese and the receiver's), like the PDF, not the UI language.
 * It unmounts with the detail view (close, lock, quick exit): nothing stays in the DOM.
 */
import { createPortal } from 'react-dom';
import { letterSheet, type LetterSheetInput, type SheetLetter } from '../../../shared/domain/referrals/letter';
import { useT } from '../../app/i18n-store';

export function PrintableLetter({ input }: { input: LetterSheetInput }) {
  const sheet = letterSheet(input);
  const closing = (
    <footer className="rf-print-closing">
      <p>
        <span className="rf-print-label">{sheet.footer.reference.label}:</span> <span className="rf-print-mono">{sheet.footer.reference.value}</span>
      </p>
      <p>
        <span className="rf-print-label">{sheet.footer.verification.label}:</span>{' '}
        <span className="rf-print-mono" data-testid="print-verification">
          {sheet.footer.verification.value}
        </span>
      </p>
      <p lang="zh-CN">{sheet.footer.sealed[0]}</p>
      {sheet.footer.sealed[1] !== undefined && <p lang={input.labelsLang ?? input.letter.otherLanguage}>{sheet.footer.sealed[1]}</p>}
    </footer>
  );
  const letter = (l: SheetLetter, index: number) => (
    <section key={l.lang} className={index === 0 ? 'rf-print-letter' : 'rf-print-letter rf-print-new-page'} lang={l.lang} data-testid={`print-letter-${index === 0 ? 'zh' : 'other'}`}>
      <h2>{l.heading}</h2>
      <p className="rf-print-text">{l.text}</p>
      {closing}
    </section>
  );
  return createPortal(
    <div className="rf-print" lang="zh-CN" data-testid="referral-print">
      <header className="rf-print-head">
        <h1>{sheet.title}</h1>
        <dl className="rf-print-fields">
          {sheet.rows.map((row) => (
            <div key={row.label}>
              <dt>{row.label}</dt>
              <dd>{row.value}</dd>
            </div>
          ))}
        </dl>
      </header>
      {sheet.letters.map(letter)}
    </div>,
    document.body
  );
}

/** "Print letter": the layout above is already in the page (hidden on screen); this opens the print dialogue. */
export function PrintButton() {
  const t = useT();
  return (
    <button type="button" className="button-secondary" onClick={() => window.print()} aria-describedby="rf-print-help" data-testid="referral-print-button">
      {t('referrals.print.button')}
    </button>
  );
}
