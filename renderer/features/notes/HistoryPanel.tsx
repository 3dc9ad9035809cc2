import type { MessageKey } from '../../../shared/i18n';
import { useFormatDate, useT } from '../../app/i18n-store';
import { useNotes } from './store';

const FIELD_LABELS: Record<string, MessageKey> = {
  interviewer: 'notes.field.interviewer',
  date: 'notes.field.date',
  placeType: 'notes.field.placeType',
  languages: 'notes.field.languages',
  interpreter: 'notes.field.interpreter',
  othersPresent: 'notes.field.othersPresent',
  notes: 'notes.field.notes'
};

/** Every revision (newest first); choosing one shows what changed in it, insertions and deletions marked. */
export function HistoryPanel() {
  const t = useT();
  const formatDate = useFormatDate();
  const history = useNotes((s) => s.history) ?? [];
  const diff = useNotes((s) => s.diff);
  const showDiff = useNotes((s) => s.showDiff);
  return (
    <section className="notes-box notes-history" aria-labelledby="notes-history-h" data-testid="notes-history">
      <h3 id="notes-history-h">{t('notes.history.heading')}</h3>
      <ul className="notes-revisions">
        {history.map((r) => (
          <li key={r.revision}>
            <button
              type="button"
              className={`notes-revision${diff?.revision === r.revision ? ' is-selected' : ''}`}
              onClick={() => void showDiff(r.revision)}
              data-testid="notes-revision"
            >
              <strong>{t('notes.history.revision', { revision: r.revision })}</strong> · {formatDate(r.updatedAt)} · {t('notes.history.chars', { count: r.chars })}
              {r.signedOff && <span className="status-badge notes-stage-finalised">{t('notes.history.signed')}</span>}
            </button>
          </li>
        ))}
      </ul>
      {diff && (
        <div className="notes-diff" data-testid="notes-diff">
          <h4>{t('notes.history.changes', { revision: diff.revision })}</h4>
          {diff.revision === 1 ? (
            <p className="muted">{t('notes.history.first')}</p>
          ) : diff.fields.length === 0 ? (
            <p className="muted">{t('notes.history.noChanges')}</p>
          ) : (
            diff.fields.map((f) => (
              <div key={f.field} className="notes-diff-field">
                <p className="notes-diff-label">{FIELD_LABELS[f.label] ? t(FIELD_LABELS[f.label]!) : f.label}</p>
                <p className="notes-diff-text">
                  {f.parts.map((p, i) =>
                    p.op === 'added' ? (
                      <ins key={i}>{p.text}</ins>
                    ) : p.op === 'removed' ? (
                      <del key={i}>{p.text}</del>
                    ) : (
                      <span key={i}>{p.text}</span>
                    )
                  )}
                </p>
              </div>
            ))
          )}
        </div>
      )}
    </section>
  );
}
