/** This organisation's profile: what the coordinator signs into the network directory. */
import { useState, type FormEvent } from 'react';
import { LANGUAGES, SERVICE_TYPES, type Language, type ServiceType } from '../../../shared/domain/directory/schemas';
import type { NetworkService, OrganisationProfile } from '../../../shared/domain/referrals/schemas';
import { useT } from '../../app/i18n-store';
import { useNetwork } from './store';

type ServiceDraft = NetworkService;
type Draft = { name: string; country: string; city: string; services: ServiceDraft[] };

const blankService = (city: string): ServiceDraft => ({
  type: 'legal-aid',
  name: '',
  city,
  languages: ['mandarin'],
  hours: '',
  phone: '',
  email: '',
  acceptsReferrals: true
});

export function ProfileForm({ profile }: { profile: OrganisationProfile | null }) {
  const t = useT();
  const save = useNetwork((s) => s.saveProfile);
  const busy = useNetwork((s) => s.busy);
  const [draft, setDraft] = useState<Draft>(
    profile ? { name: profile.name, country: profile.country, city: profile.city, services: profile.services } : { name: '', country: '', city: '', services: [] }
  );
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const setService = (i: number, patch: Partial<ServiceDraft>) => set({ services: draft.services.map((s, n) => (n === i ? { ...s, ...patch } : s)) });
  const valid = draft.name.trim() !== '' && /^[A-Z]{2}$/.test(draft.country) && draft.city.trim() !== '' && draft.services.every((s) => s.name.trim() !== '' && s.city.trim() !== '' && s.languages.length > 0);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!valid) return;
    void save({
      name: draft.name.trim(),
      country: draft.country,
      city: draft.city.trim(),
      services: draft.services.map((s) => ({ ...s, name: s.name.trim(), city: s.city.trim() })),
      demo: profile?.demo ?? false
    });
  }

  return (
    <form className="card nw-card nw-profile" onSubmit={submit} aria-labelledby="nw-profile-h" data-testid="network-profile">
      <h2 id="nw-profile-h">{t('network.profile.title')}</h2>
      <p className="field-help">{t('network.profile.help')}</p>
      <div className="nw-grid nw-grid-profile">
        <div className="field">
          <label htmlFor="nw-name">{t('network.profile.name')}</label>
          <input id="nw-name" type="text" required maxLength={200} value={draft.name} onChange={(e) => set({ name: e.target.value })} data-testid="profile-name-input" />
        </div>
        <div className="field">
          <label htmlFor="nw-country">{t('network.profile.country')}</label>
          <input
            id="nw-country"
            type="text"
            className="input-short"
            required
            maxLength={2}
            value={draft.country}
            onChange={(e) => set({ country: e.target.value.toUpperCase() })}
            aria-describedby="nw-country-help"
            data-testid="profile-country"
          />
          <p className="field-help nw-help-below" id="nw-country-help">
            {t('network.profile.countryHelp')}
          </p>
        </div>
        <div className="field">
          <label htmlFor="nw-city">{t('network.profile.city')}</label>
          <input id="nw-city" type="text" required maxLength={100} value={draft.city} onChange={(e) => set({ city: e.target.value })} data-testid="profile-city" />
        </div>
      </div>
      <h3>{t('network.profile.services')}</h3>
      {draft.services.length === 0 && <p className="muted">{t('network.profile.noServices')}</p>}
      <ol className="nw-service-list">
        {draft.services.map((s, i) => (
          <li key={i} className="nw-service-edit" data-testid="profile-service">
            <div className="nw-grid nw-grid-service">
              <div className="field">
                <label htmlFor={`nw-s-type-${i}`}>{t('network.service.type')}</label>
                <select id={`nw-s-type-${i}`} value={s.type} onChange={(e) => setService(i, { type: e.target.value as ServiceType })} data-testid="service-type">
                  {SERVICE_TYPES.map((ty) => (
                    <option key={ty} value={ty}>
                      {t(`directory.type.${ty}`)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={`nw-s-name-${i}`}>{t('network.service.name')}</label>
                <input id={`nw-s-name-${i}`} type="text" maxLength={200} value={s.name} onChange={(e) => setService(i, { name: e.target.value })} data-testid="service-name" />
              </div>
              <div className="field">
                <label htmlFor={`nw-s-city-${i}`}>{t('network.service.city')}</label>
                <input id={`nw-s-city-${i}`} type="text" maxLength={100} value={s.city} onChange={(e) => setService(i, { city: e.target.value })} data-testid="service-city" />
              </div>
            </div>
            <fieldset className="nw-languages">
              <legend>{t('network.service.languages')}</legend>
              {LANGUAGES.map((l: Language) => (
                <label key={l} className="nw-check">
                  <input
                    type="checkbox"
                    checked={s.languages.includes(l)}
                    onChange={(e) => setService(i, { languages: e.target.checked ? [...s.languages, l] : s.languages.filter((x) => x !== l) })}
                    data-testid={`service-lang-${l}`}
                  />
                  {t(`directory.lang.${l}`)}
                </label>
              ))}
            </fieldset>
            <div className="nw-service-foot">
              <label className="nw-check">
                <input type="checkbox" checked={s.acceptsReferrals} onChange={(e) => setService(i, { acceptsReferrals: e.target.checked })} data-testid="service-accepts" />
                {t('network.service.acceptsReferrals')}
              </label>
              <button type="button" className="button-quiet" onClick={() => set({ services: draft.services.filter((_, n) => n !== i) })} data-testid="service-remove">
                {t('network.service.remove')}
              </button>
            </div>
          </li>
        ))}
      </ol>
      <button type="button" className="button-secondary" disabled={draft.services.length >= 30} onClick={() => set({ services: [...draft.services, blankService(draft.city)] })} data-testid="service-add">
        {t('network.service.add')}
      </button>
      <div className="actions">
        <button type="submit" className="button-primary" disabled={busy || !valid} data-testid="profile-save">
          {t('network.profile.save')}
        </button>
        {!valid && <span className="muted small">{t('network.profile.incomplete')}</span>}
      </div>
    </form>
  );
}
