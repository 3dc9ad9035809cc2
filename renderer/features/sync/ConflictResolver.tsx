/** Long text edited on two computers: both versions side by side; keep one, or merge by hand. */
import { useState } from 'react';
import type { ConflictInfo } from '../../../shared/domain/sync/sync';
import { useFormatDate, useT } from '../../app/i18n-store';
import { fieldLabel, kindLabel } from './labels';
import { useSync } from './store';

export function ConflictResolver() {
  const t = useT();
  const conflicts = useSync((s) => s.conflicts);
  if (conflicts.length === 0) return null;
  return (
    <section className="card sync-wide" aria-labelledby="sync-conflicts" data-testid="sync-conflicts">
      <h2 id="sync-conflicts">{t('sync.conflicts.title')}</h2>
      <p>{t('sync.conflicts.help')}</p>
      {conflicts.map((c) => (
        <Conflict key={c.conflictId} conflict={c} />
      ))}
    </section>
  );
}

function Conflict({ conflict }: { conflict: ConflictInfo }) {
  const t = useT();
  const formatDate = useFormatDate();
  const busy = useSync((s) => s.busy);
  const resolve = useSync((s) => s.resolve);
  const [merging, setMerging] = useState(false);
  const [text, setText] = useState(`${conflict.local.text}\n\n${conflict.remote.text}`);
  const id = `conflict-${conflict.conflictId}`;
  return (
    <article className="sync-conflict" aria-labelledby={`${id}-title`} data-conflict={conflict.conflictId}>
      <h3 id={`${id}-title`}>{t('sync.conflicts.field', { kind: kindLabel(t, conflict.kind), field: fieldLabel(t, conflict.field) })}</h3>
      <div className="sync-versions">
        {(['local', 'remote'] as const).map((side) => (
          <div key={side} className="sync-version">
            <h4>{t(side === 'local' ? 'sync.conflicts.local' : 'sync.conflicts.remote', { time: formatDate(conflict[side].at, true) })}</h4>
            <div className="sync-version-text" tabIndex={0} data-testid={`sync-conflict-${side}`}>
              {conflict[side].text}
            </div>
            <button type="button" className="button-secondary" disabled={busy} onClick={() => void resolve(conflict.conflictId, side)} data-testid={`sync-keep-${side}`}>
              {t('sync.conflicts.keep')}
            </button>
          </div>
        ))}
      </div>
      {!merging ? (
        <button type="button" className="button-link" onClick={() => setMerging(true)} data-testid="sync-merge-open">
          {t('sync.conflicts.merge')}
        </button>
      ) : (
        <div className="field">
          <label htmlFor={`${id}-merged`}>{t('sync.conflicts.merge')}</label>
          <textarea id={`${id}-merged`} rows={8} value={text} maxLength={20_000} onChange={(e) => setText(e.target.value)} data-testid="sync-merge-text" />
          <div className="actions">
            <button type="button" className="button-primary" disabled={busy} onClick={() => void resolve(conflict.conflictId, 'manual', text)} data-testid="sync-merge-save">
              {t('sync.conflicts.saveMerged')}
            </button>
          </div>
        </div>
      )}
    </article>
  );
}
