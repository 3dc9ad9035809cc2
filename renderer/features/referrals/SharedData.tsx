/**
 * The case data a referral carries, shown exactly as it travels: the composer's live preview
 * (what will be sent) and the detail view (what was sent or received) use this one view.
 */
import type { ReactNode } from 'react';
import { KNOWN_LANGUAGES } from '../../../shared/domain/case';
import type { ApproxDate } from '../../../shared/domain/case-file/dates';
import type { ShareField, SharedCaseData } from '../../../shared/domain/referrals/schemas';
import type { MessageKey } from '../../../shared/i18n';
import { useI18n, useT } from '../../app/i18n-store';
import { useFormatDay } from '../case-file/form-bits';
import { countryName } from '../../app/country-name';

/** The subset of `available` that the chosen fields send (the pseudonym always goes). */
export function pickShared(available: SharedCaseData, fields: readonly ShareField[]): SharedCaseData {
  const out: SharedCaseData = { pseudonym: available.pseudonym };
  const on = (f: ShareField) => fields.includes(f);
  if (on('languages')) {
    if (available.languages !== undefined) out.languages = available.languages;
    if (available.interpreterNeeded !== undefined) out.interpreterNeeded = available.interpreterNeeded;
  }
  if (on('location')) {
    if (available.country !== undefined) out.country = available.country;
    if (available.city !== undefined) out.city = available.city;
  }
  if (on('summary') && available.summary !== undefined) out.summary = available.summary;
  if (on('contact-safety') && available.contactSafety !== undefined) out.contactSafety = available.contactSafety;
  if (on('identity') && available.identity !== undefined) out.identity = available.identity;
  if (on('dependants') && available.dependants !== undefined) out.dependants = available.dependants;
  if (on('risk') && available.risk !== undefined) out.risk = available.risk;
  if (on('incidents') && available.incidents !== undefined) out.incidents = available.incidents;
  return out;
}

/** Whether the case has anything for this field (an empty field is still offered, marked empty). */
export function hasContent(available: SharedCaseData, field: ShareField): boolean {
  const d = pickShared(available, [field]);
  const { pseudonym: _p, ...rest } = d;
  void _p;
  return Object.values(rest).some((v) => (Array.isArray(v) ? v.length > 0 : v !== '' && v !== null && v !== undefined));
}

const isKnownLanguage = (l: string) => (KNOWN_LANGUAGES as readonly string[]).includes(l);

export function SharedDataView({ data, testId }: { data: SharedCaseData; testId: string }) {
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const formatDay = useFormatDay();
  const yn = (v: 'yes' | 'no' | 'unknown') => t(`caseFiles.yesNo.${v}`);
  const approx = (d: ApproxDate) => (d.precision === 'unknown' ? t('referrals.shared.dateUnknown') : d.precision === 'day' ? formatDay(d.value) : d.value);
  const rows: Array<[string, ReactNode, string]> = [[t('referrals.shared.pseudonym'), data.pseudonym, 'pseudonym']];

  if (data.languages !== undefined) {
    const names = data.languages.map((l) => (isKnownLanguage(l) ? t(`caseFiles.lang.${l}` as MessageKey) : l)).join(', ');
    rows.push([t('referrals.shared.languages'), names || '—', 'languages']);
  }
  if (data.interpreterNeeded !== undefined) rows.push([t('caseFiles.page.interpreter'), yn(data.interpreterNeeded), 'interpreter']);
  if (data.country !== undefined || data.city !== undefined) {
    rows.push([t('referrals.shared.location'), [data.city, data.country ? countryName(locale, data.country) : ''].filter(Boolean).join(', ') || '—', 'location']);
  }
  if (data.summary !== undefined) rows.push([t('referrals.shared.summary'), <span className="rf-pre">{data.summary || '—'}</span>, 'summary']);
  if (data.contactSafety !== undefined) {
    const c = data.contactSafety;
    rows.push([
      t('caseFiles.contact.title'),
      <ul className="rf-plain-list">
        <li>
          {t('caseFiles.contact.safeToCall')}: {yn(c.safeToCall)} · {t('caseFiles.contact.safeToText')}: {yn(c.safeToText)}
        </li>
        {c.safeTimes && (
          <li>
            {t('caseFiles.contact.safeTimes')}: {c.safeTimes}
          </li>
        )}
        {c.codeWord && (
          <li>
            {t('caseFiles.contact.codeWord')}: {c.codeWord}
          </li>
        )}
        {c.mustNotKnow && (
          <li>
            {t('caseFiles.contact.mustNotKnow')}: {c.mustNotKnow}
          </li>
        )}
        {c.notes && (
          <li>
            {t('caseFiles.contact.notes')}: {c.notes}
          </li>
        )}
      </ul>,
      'contact-safety'
    ]);
  }
  if (data.identity !== undefined) {
    const i = data.identity;
    const items: Array<[MessageKey, string]> = [
      ['caseFiles.identity.legalName', i.legalName],
      ['caseFiles.identity.nativeName', i.nativeName],
      ['caseFiles.identity.dateOfBirth', i.dateOfBirth ? formatDay(i.dateOfBirth) : ''],
      ['caseFiles.identity.nationality', i.nationality],
      ['caseFiles.identity.residenceStatus', i.residenceStatus === 'unknown' ? '' : t(`caseFiles.residence.${i.residenceStatus}`)],
      ['caseFiles.identity.residenceNote', i.residenceNote],
      ['caseFiles.identity.address', i.address],
      ['caseFiles.identity.phone', i.phone]
    ];
    const filled = items.filter(([, v]) => v !== '');
    rows.push([
      t('caseFiles.identity.title'),
      filled.length === 0 ? (
        '—'
      ) : (
        <ul className="rf-plain-list">
          {filled.map(([k, v]) => (
            <li key={k}>
              {t(k)}: {v}
            </li>
          ))}
        </ul>
      ),
      'identity'
    ]);
  }
  if (data.dependants !== undefined) {
    rows.push([
      t('caseFiles.dependants.title'),
      data.dependants.length === 0 ? (
        '—'
      ) : (
        <ul className="rf-plain-list">
          {data.dependants.map((d, n) => (
            <li key={n}>
              {t(`caseFiles.dependants.relation.${d.relation}`)}
              {d.label && ` — ${d.label}`}
              {d.birthYear !== null && `, ${t('caseFiles.dependants.born', { year: d.birthYear })}`}
              {` · ${t('caseFiles.dependants.livesWithHer')}: ${yn(d.livesWithHer)}`}
            </li>
          ))}
        </ul>
      ),
      'dependants'
    ]);
  }
  if (data.risk !== undefined) {
    rows.push([
      t('referrals.shared.risk'),
      data.risk ? t('referrals.shared.riskValue', { level: t(`caseFiles.risk.level.${data.risk.level}`), date: formatDay(data.risk.assessedAt.slice(0, 10)) }) : t('referrals.shared.riskNone'),
      'risk'
    ]);
  }
  if (data.incidents !== undefined) {
    rows.push([
      t('referrals.shared.incidents'),
      data.incidents.length === 0 ? (
        '—'
      ) : (
        <ul className="rf-plain-list">
          {data.incidents.map((inc, n) => (
            <li key={n}>
              <strong>{approx(inc.date)}</strong>
              {inc.place && ` · ${inc.place}`}
              {inc.forms.length > 0 && ` · ${inc.forms.map((f) => t(`caseFiles.violence.${f}`)).join(', ')}`}
              {inc.description && <span className="rf-pre rf-incident-text">{inc.description}</span>}
            </li>
          ))}
        </ul>
      ),
      'incidents'
    ]);
  }

  return (
    <dl className="rf-shared" data-testid={testId}>
      {rows.map(([label, value, key]) => (
        <div key={key} className="rf-shared-row" data-field={key}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
