import { useEffect, useRef, useState } from 'react';
import { downloadBlob } from '../../app/download';
import { ATTACHMENT_CATEGORIES, ATTACHMENT_PIECE_MAX_BYTES, type Attachment } from '../../../shared/domain/case-file';
import type { AppErrorInfo } from '../../../shared/result';
import { getApi } from '../../bridge';
import { ErrorMessage } from '../../app/ErrorBanner';
import { useFormatDate, useI18n, useT } from '../../app/i18n-store';
import { settle } from '../../app/notices';
import { readAll, uploadFile } from './attachment-io';
import { formatBytes, Section } from './form-bits';
import { PdfPreview } from './PdfPreview';
import { useCaseFile } from './store';

export function AttachmentsSection() {
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const formatDate = useFormatDate();
  const attachments = useCaseFile((s) => s.attachments);
  const [previewing, setPreviewing] = useState<Attachment | null>(null);
  const [exporting, setExporting] = useState<Attachment | null>(null);
  const [deleting, setDeleting] = useState<Attachment | null>(null);
  const [error, setError] = useState<AppErrorInfo | null>(null);
  const refresh = useCaseFile((s) => s.refresh);

  async function remove(a: Attachment) {
    setError(null);
    const result = await settle(() => getApi().attachments.delete({ caseId: a.caseId, id: a.id }));
    setDeleting(null);
    if (!result.ok) setError(result.error);
    if (previewing?.id === a.id) setPreviewing(null);
    await refresh();
  }

  return (
    <Section id="cf-attachments" title={t('caseFiles.attachment.section')}>
      <ImportForm />
      {error && <ErrorMessage error={error} />}
      {attachments.length === 0 && <p className="muted">{t('caseFiles.attachment.none')}</p>}
      <ul className="cf-cards">
        {attachments.map((a) => (
          <li key={a.id} className="cf-card" data-testid="attachment">
            <div className="cf-card-head">
              <strong className="file-name">{a.fileName}</strong>
              <span className="tag">{t(`caseFiles.attachment.cat.${a.category}`)}</span>
            </div>
            <p className="muted small">
              {t('caseFiles.attachment.meta', { size: formatBytes(locale, a.size), date: formatDate(a.importedAt), name: a.importedBy })}
            </p>
            <p className="muted small mono hash">
              {t('caseFiles.attachment.sha256')}: {a.sha256}
            </p>
            {a.description && <p>{a.description}</p>}
            <div className="actions">
              <button type="button" className="button-secondary" onClick={() => setPreviewing(a)} data-testid="attachment-preview">
                {t('caseFiles.attachment.preview')}
              </button>
              <button type="button" className="button-secondary" onClick={() => setExporting(a)} data-testid="attachment-export">
                {t('caseFiles.attachment.export')}
              </button>
              {deleting?.id === a.id ? (
                <>
                  <button type="button" className="button-danger" onClick={() => void remove(a)} data-testid="attachment-delete-confirm">
                    {t('caseFiles.attachment.deleteConfirm', { name: a.fileName })}
                  </button>
                  <button type="button" className="button-secondary" onClick={() => setDeleting(null)}>
                    {t('caseFiles.form.cancel')}
                  </button>
                </>
              ) : (
                <button type="button" className="button-quiet" onClick={() => setDeleting(a)} data-testid="attachment-delete">
                  {t('caseFiles.attachment.delete')}
                </button>
              )}
            </div>
            {previewing?.id === a.id && <Preview attachment={a} onClose={() => setPreviewing(null)} />}
            {exporting?.id === a.id && <ExportForm attachment={a} onDone={() => setExporting(null)} />}
          </li>
        ))}
      </ul>
    </Section>
  );
}

function ImportForm() {
  const t = useT();
  const caseId = useCaseFile((s) => s.caseId);
  const refresh = useCaseFile((s) => s.refresh);
  const fileRef = useRef<HTMLInputElement>(null);
  const [category, setCategory] = useState<Attachment['category']>('other');
  const [description, setDescription] = useState('');
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<AppErrorInfo | null>(null);

  async function onFile(file: File) {
    if (!caseId) return;
    setError(null);
    setProgress(0);
    const result = await settle(() => uploadFile(getApi(), caseId, file, { category, description: description.slice(0, 2000) }, setProgress));
    setProgress(null);
    if (fileRef.current) fileRef.current.value = '';
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setDescription('');
    await refresh();
  }

  return (
    <div className="cf-form import-form">
      <div className="form-grid">
        <div className="field">
          <label htmlFor="attachment-category">{t('caseFiles.attachment.category')}</label>
          <select id="attachment-category" value={category} onChange={(e) => setCategory(e.target.value as Attachment['category'])} data-testid="attachment-category">
            {ATTACHMENT_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`caseFiles.attachment.cat.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="attachment-description">{t('caseFiles.attachment.description')}</label>
          <input id="attachment-description" type="text" value={description} maxLength={2000} onChange={(e) => setDescription(e.target.value)} />
        </div>
      </div>
      <div className="field">
        <label htmlFor="attachment-file" className="button-secondary file-button">
          {t('caseFiles.attachment.import')}
        </label>
        <input
          id="attachment-file"
          ref={fileRef}
          type="file"
          className="sr-only"
          disabled={progress !== null}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void onFile(file);
          }}
          data-testid="attachment-file"
        />
        {progress !== null && (
          <span className="muted" role="status">
            {' '}
            {t('caseFiles.attachment.importing', { percent: Math.round(progress * 100) })}
          </span>
        )}
      </div>
      {error && <ErrorMessage error={error} />}
    </div>
  );
}

/** Decrypted bytes in memory → a Blob URL for an <img> (img-src blob:) or the PDF renderer. */
function Preview({ attachment, onClose }: { attachment: Attachment; onClose: () => void }) {
  const t = useT();
  const [bytes, setBytes] = useState<Uint8Array<ArrayBuffer>[] | null>(null);
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<AppErrorInfo | null>(null);
  const isImage = /^image\/(png|jpeg|gif|webp|bmp)$/.test(attachment.mimeType);
  const isPdf = attachment.mimeType === 'application/pdf';

  useEffect(() => {
    if (!isImage && !isPdf) return;
    let cancelled = false;
    let objectUrl: string | null = null;
    void readAll((offset) =>
      settle(() => getApi().attachments.read({ caseId: attachment.caseId, id: attachment.id, offset, length: ATTACHMENT_PIECE_MAX_BYTES }))
    ).then((r) => {
      if (cancelled) return;
      if (!r.ok) {
        setError(r.error);
        return;
      }
      setBytes(r.value);
      if (isImage) {
        objectUrl = URL.createObjectURL(new Blob(r.value, { type: attachment.mimeType }));
        setUrl(objectUrl);
      }
    });
    return () => {
      cancelled = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [attachment, isImage, isPdf]);

  return (
    <div className="preview" data-testid="attachment-preview-pane">
      <div className="actions">
        <button type="button" className="button-secondary" onClick={onClose} data-testid="attachment-preview-close">
          {t('caseFiles.attachment.closePreview')}
        </button>
      </div>
      {error && <ErrorMessage error={error} />}
      {!isImage && !isPdf && <p className="muted">{t('caseFiles.attachment.noPreview')}</p>}
      {isImage && url && <img src={url} alt={attachment.description || attachment.fileName} className="preview-image" data-testid="attachment-image" />}
      {isPdf && bytes && <PdfPreview parts={bytes} />}
    </div>
  );
}

function ExportForm({ attachment, onDone }: { attachment: Attachment; onDone: () => void }) {
  const t = useT();
  const [format, setFormat] = useState<'encrypted' | 'unencrypted'>('encrypted');
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<AppErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);

  async function run() {
    setBusy(true);
    setError(null);
    const api = getApi();
    const started = await settle(() =>
      api.attachments.export(
        format === 'encrypted'
          ? { caseId: attachment.caseId, id: attachment.id, format, passphrase }
          : { caseId: attachment.caseId, id: attachment.id, format }
      )
    );
    if (!started.ok) {
      setBusy(false);
      setError(started.error);
      return;
    }
    const { exportId, fileName, mimeType } = started.value;
    const parts = await readAll((offset) => settle(() => api.attachments.exportRead({ exportId, offset, length: ATTACHMENT_PIECE_MAX_BYTES })));
    setBusy(false);
    if (!parts.ok) {
      setError(parts.error);
      return;
    }
    // The one place bytes leave Anxin: a download she asked for.
    downloadBlob(fileName, new Blob(parts.value, { type: mimeType }));
    onDone();
  }

  return (
    <form
      className="confirm-box export-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void run();
      }}
      data-testid="export-form"
    >
      <p className="confirm-title">{t('caseFiles.attachment.exportTitle', { name: attachment.fileName })}</p>
      <label className="checkbox">
        <input type="radio" name="export-format" checked={format === 'encrypted'} onChange={() => setFormat('encrypted')} />
        {t('caseFiles.attachment.exportEncrypted')}
      </label>
      {format === 'encrypted' && (
        <div className="field">
          <label htmlFor="export-passphrase">{t('caseFiles.attachment.exportPassphrase')}</label>
          <input id="export-passphrase" type="password" autoComplete="new-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} minLength={8} />
        </div>
      )}
      <label className="checkbox">
        <input type="radio" name="export-format" checked={format === 'unencrypted'} onChange={() => setFormat('unencrypted')} />
        {t('caseFiles.attachment.exportPlain')}
      </label>
      {error && <ErrorMessage error={error} />}
      <div className="actions">
        <button type="submit" className="button-primary" disabled={busy || (format === 'encrypted' && passphrase.length < 8)}>
          {t('caseFiles.attachment.exportConfirm')}
        </button>
        <button type="button" className="button-secondary" onClick={onDone}>
          {t('caseFiles.form.cancel')}
        </button>
      </div>
    </form>
  );
}
