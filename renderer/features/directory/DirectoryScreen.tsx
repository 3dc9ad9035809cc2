/** The Directory view: search and filters, the list of services, add/edit, import with its report, export, demo entries. */
import { useEffect, useMemo, useRef, useState, type ChangeEvent } from 'react';
import { LANGUAGES, SERVICE_TYPES, type DirectoryEntry, type ImportFormat, type Language, type ServiceType } from '../../../shared/domain/directory/schemas';
import { useI18n, useT } from '../../app/i18n-store';
import { EntryForm } from './EntryForm';
import { ImportReportPanel } from './ImportReport';
import { useDirectory } from './store';
import { countryName } from '../../app/country-name';
import { downloadText } from '../../app/download';
import './directory.css';

function useCountryName(): (code: string) => string {
  const locale = useI18n((s) => s.locale);
  return useMemo(() => (code: string) => countryName(locale, code), [locale]);
}

export function DirectoryScreen() {
  const t = useT();
  const countryName = useCountryName();
  const s = useDirectory();
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void useDirectory.getState().refresh();
    return () => useDirectory.getState().reset();
  }, []);

  async function onFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    const format: ImportFormat = /\.json$/i.test(file.name) || file.type === 'application/json' ? 'json' : 'csv';
    await s.importFile(format, await file.text());
  }

  async function onExport(format: ImportFormat) {
    const file = await s.exportFile(format);
    if (file) downloadText(file);
  }

  const cities = s.cities.filter((c) => s.filter.country === '' || c.country === s.filter.country);
  const hasDemo = s.entries.some((e) => e.demo) || s.total > s.entries.length;
  const filtered = s.filter.query !== '' || s.filter.country !== '' || s.filter.city !== '' || s.filter.type !== '' || s.filter.language !== '';

  return (
    <div className="directory" data-testid="directory-view">
      <div className="page-head">
        <h1>{t('directory.title')}</h1>
        <p className="muted">{t('directory.intro')}</p>
      </div>

      <div className="directory-toolbar">
        <button type="button" className="button-primary" onClick={s.startAdd} data-testid="directory-add">
          {t('directory.add')}
        </button>
        <button type="button" className="button-secondary" onClick={() => fileInput.current?.click()} data-testid="directory-import">
          {t('directory.import')}
        </button>
        <input
          ref={fileInput}
          type="file"
          className="sr-only"
          accept=".csv,.json,text/csv,application/json"
          tabIndex={-1}
          aria-hidden="true"
          onChange={(e) => void onFile(e)}
          data-testid="directory-import-input"
        />
        <button type="button" className="button-secondary" onClick={() => void onExport('json')} disabled={s.total === 0} data-testid="directory-export-json">
          {t('directory.exportJson')}
        </button>
        <button type="button" className="button-secondary" onClick={() => void onExport('csv')} disabled={s.total === 0} data-testid="directory-export-csv">
          {t('directory.exportCsv')}
        </button>
        <span className="directory-toolbar-gap" />
        <button type="button" className="button-quiet" onClick={() => void s.loadDemo()} data-testid="directory-load-demo">
          {t('directory.loadDemo')}
        </button>
        {hasDemo && (
          <button type="button" className="button-quiet" onClick={() => void s.removeDemo()} data-testid="directory-remove-demo">
            {t('directory.removeDemo')}
          </button>
        )}
      </div>
      <p className="field-help">{t('directory.exportHelp')}</p>

      <ImportReportPanel />
      {s.editing && <EntryForm key={s.editing.mode === 'edit' ? s.editing.entry.id : 'new'} entry={s.editing.mode === 'edit' ? s.editing.entry : null} />}

      <div className="directory-filters" role="search">
        <label className="directory-filter directory-filter-query">
          <span>{t('directory.search')}</span>
          <input
            type="search"
            placeholder={t('directory.searchPlaceholder')}
            value={s.filter.query}
            onChange={(e) => void s.setFilter({ query: e.target.value })}
            data-testid="directory-search"
          />
        </label>
        <label className="directory-filter">
          <span>{t('directory.filter.country')}</span>
          <select value={s.filter.country} onChange={(e) => void s.setFilter({ country: e.target.value })} data-testid="directory-filter-country">
            <option value="">{t('directory.filter.all')}</option>
            {s.countries.map((c) => (
              <option key={c} value={c}>
                {countryName(c)}
              </option>
            ))}
          </select>
        </label>
        <label className="directory-filter">
          <span>{t('directory.filter.city')}</span>
          <select value={s.filter.city} onChange={(e) => void s.setFilter({ city: e.target.value })} data-testid="directory-filter-city">
            <option value="">{t('directory.filter.all')}</option>
            {cities.map((c) => (
              <option key={`${c.country}-${c.city}`} value={c.city}>
                {c.city}
              </option>
            ))}
          </select>
        </label>
        <label className="directory-filter">
          <span>{t('directory.filter.type')}</span>
          <select value={s.filter.type} onChange={(e) => void s.setFilter({ type: e.target.value as ServiceType | '' })} data-testid="directory-filter-type">
            <option value="">{t('directory.filter.all')}</option>
            {SERVICE_TYPES.map((ty) => (
              <option key={ty} value={ty}>
                {t(`directory.type.${ty}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="directory-filter">
          <span>{t('directory.filter.language')}</span>
          <select value={s.filter.language} onChange={(e) => void s.setFilter({ language: e.target.value as Language | '' })} data-testid="directory-filter-language">
            <option value="">{t('directory.filter.all')}</option>
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {t(`directory.lang.${l}`)}
              </option>
            ))}
          </select>
        </label>
        {filtered && (
          <button type="button" className="button-quiet" onClick={() => void s.setFilter({ query: '', country: '', city: '', type: '', language: '' })}>
            {t('directory.filter.clear')}
          </button>
        )}
      </div>

      <p className="muted" data-testid="directory-count" data-count={s.entries.length} data-total={s.total}>
        {t('directory.count', { count: s.entries.length, total: s.total })}
      </p>
      {s.entries.some((e) => e.demo) && <p className="directory-demo-notice">{t('directory.demoNotice')}</p>}

      {s.loaded && s.total === 0 && <p className="empty-pane">{t('directory.empty')}</p>}
      {s.loaded && s.total > 0 && s.entries.length === 0 && <p className="empty-pane">{t('directory.noMatch')}</p>}

      <ul className="directory-list" data-testid="directory-list">
        {s.entries.map((e) => (
          <EntryCard key={e.id} entry={e} countryName={countryName} />
        ))}
      </ul>
    </div>
  );
}

function EntryCard({ entry: e, countryName }: { entry: DirectoryEntry; countryName: (c: string) => string }) {
  const t = useT();
  const startEdit = useDirectory((s) => s.startEdit);
  const remove = useDirectory((s) => s.remove);
  const [confirming, setConfirming] = useState(false);
  return (
    <li className={`card directory-entry${e.demo ? ' is-demo' : ''}`} data-testid="directory-row" data-id={e.id} data-demo={e.demo ? 'true' : 'false'}>
      <div className="directory-entry-head">
        <h2 className="directory-entry-name" data-testid="directory-row-name">
          {e.name}
        </h2>
        {e.demo && (
          <span className="directory-badge directory-badge-demo" title={t('directory.demoTitle')} data-testid="directory-demo-badge">
            {t('directory.demoBadge')}
          </span>
        )}
        <span className="directory-badge">{t(`directory.type.${e.type}`)}</span>
        <span className={`directory-badge${e.acceptsReferrals ? ' directory-badge-yes' : ''}`}>
          {e.acceptsReferrals ? t('directory.accepts') : t('directory.notAccepts')}
        </span>
        {e.source === 'network' && <span className="directory-badge">{t('directory.source.network')}</span>}
      </div>
      <p className="directory-entry-place" data-testid="directory-row-place">
        {e.city} · {countryName(e.country)}
      </p>
      <dl className="directory-entry-details">
        <dt>{t('directory.field.languages')}</dt>
        <dd data-testid="directory-row-languages">{e.languages.map((l) => t(`directory.lang.${l}`)).join(', ')}</dd>
        {e.hours !== '' && (
          <>
            <dt>{t('directory.field.hours')}</dt>
            <dd>{e.hours}</dd>
          </>
        )}
        {e.phone !== '' && (
          <>
            <dt>{t('directory.field.phone')}</dt>
            <dd className="mono">{e.phone}</dd>
          </>
        )}
        {e.email !== '' && (
          <>
            <dt>{t('directory.field.email')}</dt>
            <dd>{e.email}</dd>
          </>
        )}
        {e.address !== '' && (
          <>
            <dt>{t('directory.field.address')}</dt>
            <dd>{e.address}</dd>
          </>
        )}
        {e.website !== '' && (
          <>
            <dt>{t('directory.field.website')}</dt>
            <dd>{e.website}</dd>
          </>
        )}
        {e.notes !== '' && (
          <>
            <dt>{t('directory.field.notes')}</dt>
            <dd className="directory-notes">{e.notes}</dd>
          </>
        )}
      </dl>
      {e.source === 'private' && (
        <div className="actions">
          {confirming ? (
            <>
              <span>{t('directory.deleteConfirm', { name: e.name })}</span>
              <button type="button" className="button-danger" onClick={() => void remove(e)} data-testid="directory-delete-confirm">
                {t('directory.delete')}
              </button>
              <button type="button" className="button-secondary" onClick={() => setConfirming(false)}>
                {t('common.cancel')}
              </button>
            </>
          ) : (
            <>
              <button type="button" className="button-secondary" onClick={() => startEdit(e)} data-testid="directory-edit">
                {t('directory.edit')}
              </button>
              <button type="button" className="button-quiet" onClick={() => setConfirming(true)} data-testid="directory-delete">
                {t('directory.delete')}
              </button>
            </>
          )}
        </div>
      )}
    </li>
  );
}
