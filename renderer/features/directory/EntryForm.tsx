/** Add or edit one private directory entry. Validation happens in main (same zod schema as import). */
import { useState, type FormEvent } from 'react';
import { LANGUAGES, SERVICE_TYPES, type DirectoryEntry, type DirectoryFieldsInput, type Language, type ServiceType } from '../../../shared/domain/directory/schemas';
import { ErrorMessage } from '../../app/ErrorBanner';
import { useT } from '../../app/i18n-store';
import { useDirectory } from './store';

const BLANK: DirectoryFieldsInput = {
  name: '',
  type: 'shelter',
  country: '',
  city: '',
  languages: ['mandarin'],
  hours: '',
  phone: '',
  email: '',
  address: '',
  website: '',
  acceptsReferrals: false,
  notes: '',
  demo: false
};

const TEXT_FIELDS = ['hours', 'phone', 'email', 'address', 'website'] as const;
const INPUT_TYPES: Record<(typeof TEXT_FIELDS)[number], string> = { hours: 'text', phone: 'tel', email: 'email', address: 'text', website: 'url' };

function fromEntry(e: DirectoryEntry): DirectoryFieldsInput {
  const { name, type, country, city, languages, hours, phone, email, address, website, acceptsReferrals, notes, demo } = e;
  return { name, type, country, city, languages, hours, phone, email, address, website, acceptsReferrals, notes, demo };
}

export function EntryForm({ entry }: { entry: DirectoryEntry | null }) {
  const t = useT();
  const save = useDirectory((s) => s.save);
  const cancel = useDirectory((s) => s.cancelEdit);
  const error = useDirectory((s) => s.formError);
  const [fields, setFields] = useState<DirectoryFieldsInput>(entry ? fromEntry(entry) : BLANK);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof DirectoryFieldsInput>(key: K, value: DirectoryFieldsInput[K]) => setFields((f) => ({ ...f, [key]: value }));
  const languages = fields.languages ?? [];
  const toggleLanguage = (l: Language, on: boolean) => set('languages', on ? [...languages, l] : languages.filter((x) => x !== l));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    await save(fields);
    setBusy(false);
  }

  return (
    <form className="card directory-form" onSubmit={(e) => void submit(e)} data-testid="directory-form" aria-labelledby="directory-form-h">
      <h2 id="directory-form-h">{entry ? t('directory.form.editTitle') : t('directory.form.addTitle')}</h2>
      {error && <ErrorMessage error={error} testId="directory-form-error" />}
      <div className="directory-form-grid">
        <div className="field">
          <label htmlFor="dir-name">{t('directory.field.name')}</label>
          <input id="dir-name" type="text" required maxLength={200} value={fields.name} onChange={(e) => set('name', e.target.value)} data-testid="directory-field-name" />
        </div>
        <div className="field">
          <label htmlFor="dir-type">{t('directory.field.type')}</label>
          <select id="dir-type" value={fields.type} onChange={(e) => set('type', e.target.value as ServiceType)} data-testid="directory-field-type">
            {SERVICE_TYPES.map((ty) => (
              <option key={ty} value={ty}>
                {t(`directory.type.${ty}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="dir-country">{t('directory.field.country')}</label>
          <p className="field-help">{t('directory.field.countryHelp')}</p>
          <input
            id="dir-country"
            type="text"
            className="input-short"
            required
            maxLength={2}
            value={fields.country}
            onChange={(e) => set('country', e.target.value.toUpperCase())}
            data-testid="directory-field-country"
          />
        </div>
        <div className="field">
          <label htmlFor="dir-city">{t('directory.field.city')}</label>
          <input id="dir-city" type="text" required maxLength={100} value={fields.city} onChange={(e) => set('city', e.target.value)} data-testid="directory-field-city" />
        </div>
      </div>
      <fieldset className="field directory-languages">
        <legend>{t('directory.field.languages')}</legend>
        {LANGUAGES.map((l) => (
          <label key={l} className="directory-check">
            <input type="checkbox" checked={languages.includes(l)} onChange={(e) => toggleLanguage(l, e.target.checked)} data-testid={`directory-lang-${l}`} />
            {t(`directory.lang.${l}`)}
          </label>
        ))}
      </fieldset>
      <div className="directory-form-grid">
        {TEXT_FIELDS.map((k) => (
          <div className="field" key={k}>
            <label htmlFor={`dir-${k}`}>{t(`directory.field.${k}`)}</label>
            {k === 'hours' && <p className="field-help">{t('directory.field.hoursHelp')}</p>}
            <input id={`dir-${k}`} type={INPUT_TYPES[k]} value={fields[k] ?? ''} onChange={(e) => set(k, e.target.value)} data-testid={`directory-field-${k}`} />
          </div>
        ))}
      </div>
      <div className="field">
        <label className="directory-check">
          <input
            type="checkbox"
            checked={fields.acceptsReferrals ?? false}
            onChange={(e) => set('acceptsReferrals', e.target.checked)}
            data-testid="directory-field-acceptsReferrals"
          />
          {t('directory.field.acceptsReferrals')}
        </label>
      </div>
      <div className="field">
        <label htmlFor="dir-notes">{t('directory.field.notes')}</label>
        <textarea id="dir-notes" rows={3} maxLength={2000} value={fields.notes ?? ''} onChange={(e) => set('notes', e.target.value)} data-testid="directory-field-notes" />
      </div>
      <div className="actions">
        <button type="submit" className="button-primary" disabled={busy} data-testid="directory-save">
          {t('directory.save')}
        </button>
        <button type="button" className="button-secondary" onClick={cancel} data-testid="directory-cancel">
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
