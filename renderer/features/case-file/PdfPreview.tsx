/**
 * PDF preview inside the app with pdf.js, under the strict CSP: no worker (worker-src 'none'),
 * so pdf.js runs its "fake worker" on the main thread from a module we import ourselves
 * (script-src 'self'); no WebAssembly, no fetches. Pages are
 * drawn into canvases from the bytes in memory: nothing is written to disk.
 */
import { useEffect, useRef, useState } from 'react';
import { useT } from '../../app/i18n-store';

/** Enough for a police report or a medical certificate; longer files: export. */
const MAX_PAGES = 30;

type PdfJs = typeof import('pdfjs-dist');

let loading: Promise<PdfJs> | null = null;
function loadPdfJs(): Promise<PdfJs> {
  loading ??= (async () => {
    const worker = await import('pdfjs-dist/build/pdf.worker.mjs');
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
    return import('pdfjs-dist');
  })();
  return loading;
}

export function PdfPreview({ parts }: { parts: Uint8Array<ArrayBuffer>[] }) {
  const t = useT();
  const host = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  const [pages, setPages] = useState<number | null>(null);

  useEffect(() => {
    let cancelled = false;
    let destroy: (() => void) | null = null;
    const container = host.current;
    (async () => {
      const pdfjs = await loadPdfJs();
      const total = parts.reduce((n, p) => n + p.length, 0);
      const data = new Uint8Array(total);
      let at = 0;
      for (const p of parts) {
        data.set(p, at);
        at += p.length;
      }
      const task = pdfjs.getDocument({ data, useWasm: false, useSystemFonts: false, disableFontFace: true, stopAtErrors: false });
      destroy = () => void task.destroy();
      const doc = await task.promise;
      if (cancelled || !container) return;
      setPages(doc.numPages);
      for (let n = 1; n <= Math.min(doc.numPages, MAX_PAGES); n++) {
        const page = await doc.getPage(n);
        if (cancelled) return;
        const width = Math.max(320, container.clientWidth || 640);
        const base = page.getViewport({ scale: 1 });
        const ratio = globalThis.devicePixelRatio || 1;
        const viewport = page.getViewport({ scale: (width / base.width) * ratio });
        const canvas = document.createElement('canvas');
        canvas.className = 'pdf-page';
        canvas.width = Math.floor(viewport.width);
        canvas.height = Math.floor(viewport.height);
        canvas.setAttribute('role', 'img');
        canvas.setAttribute('aria-label', `${n} / ${doc.numPages}`);
        canvas.dataset['testid'] = 'pdf-page';
        container.appendChild(canvas);
        await page.render({ canvas, viewport }).promise;
      }
    })().catch(() => {
      if (!cancelled) setFailed(true);
    });
    return () => {
      cancelled = true;
      destroy?.();
      if (container) container.replaceChildren();
    };
  }, [parts]);

  return (
    <div className="pdf-preview">
      {failed && <p className="muted">{t('caseFiles.attachment.noPreview')}</p>}
      {pages !== null && pages > MAX_PAGES && <p className="muted">{t('caseFiles.attachment.pdfPages', { shown: MAX_PAGES, total: pages })}</p>}
      <div ref={host} className="pdf-pages" data-testid="pdf-preview" />
    </div>
  );
}
