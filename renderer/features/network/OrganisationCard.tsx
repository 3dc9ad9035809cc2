/** One organisation of the network: where it is, its services and languages, its key state. */
import type { ReactNode } from 'react';
import type { NetworkOrganisation } from '../../../shared/domain/referrals/schemas';
import { useI18n, useT } from '../../app/i18n-store';
import { countryName } from '../../app/country-name';
import { FingerprintText } from './Fingerprint';

export function OrganisationSummary({ org, children }: { org: NetworkOrganisation; children?: ReactNode }) {
  const t = useT();
  const locale = useI18n((s) => s.locale);
  return (
    <div className="nw-org-summary">
      <div className="nw-org-head">
        <strong className="nw-org-name">{org.profile.name}</strong>
        {org.coordinator && <span className="nw-badge">{t('network.org.coordinator')}</span>}
        {org.self && <span className="nw-badge">{t('network.org.self')}</span>}
        {org.profile.demo && <span className="nw-badge nw-badge-warn">{t('network.org.demo')}</span>}
        {org.expired && <span className="nw-badge nw-badge-danger">{t('network.org.expired')}</span>}
        {org.pin === 'changed' && <span className="nw-badge nw-badge-danger">{t('network.org.keyChanged')}</span>}
      </div>
      <p className="muted nw-org-place">
        {org.profile.city} · {countryName(locale, org.profile.country)}
      </p>
      {org.profile.services.length > 0 && (
        <ul className="nw-services">
          {org.profile.services.map((s, i) => (
            <li key={i}>
              <span className="nw-service-name">{s.name}</span> <span className="muted small">({t(`directory.type.${s.type}`)}, {s.city})</span>
              <span className="small"> · {s.languages.map((l) => t(`directory.lang.${l}`)).join(', ')}</span>
              {!s.acceptsReferrals && <span className="muted small"> · {t('network.service.noReferrals')}</span>}
            </li>
          ))}
        </ul>
      )}
      {children}
    </div>
  );
}

/** The blocking warning of a changed key: old and new fingerprints side by side. */
export function KeyChangedWarning({ org, children }: { org: NetworkOrganisation; children?: ReactNode }) {
  const t = useT();
  return (
    <div className="nw-key-changed" role="alert" data-testid="key-changed-warning">
      <p className="nw-key-changed-title">{t('network.keyChanged.title', { name: org.profile.name })}</p>
      <p>{t('network.keyChanged.body')}</p>
      <dl className="nw-fp-pair">
        <div>
          <dt>{t('network.keyChanged.old')}</dt>
          <dd>
            <FingerprintText value={org.pinnedFingerprint} />
          </dd>
        </div>
        <div>
          <dt>{t('network.keyChanged.new')}</dt>
          <dd>
            <FingerprintText value={org.fingerprint} />
          </dd>
        </div>
      </dl>
      {children}
    </div>
  );
}
