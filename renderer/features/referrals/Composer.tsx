/**
 * Writing a referral from a case: the receiving organisation and service (from the signed
 * network directory), consent (blocked without it, unless a written and audited reason), the
 * fields and attachments to share (minimal by default, with a live preview of exactly what
 * goes), the bilingual letter from a template, and Send. Her legal identity is read only when
 * Identity is ticked (an audited reveal) and dropped again when it is unticked.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { fillLetter, letterValues, type LetterFacts } from '../../../shared/domain/referrals/letter';
import {
  DEFAULT_ANSWER_DAYS,
  DEFAULT_SHARE_FIELDS,
  DIRECTORY_STALE_DAYS,
  LETTER_LANGUAGES,
  SHARE_FIELDS,
  type LetterLanguage,
  type LetterTemplate,
  type NetworkOrganisation,
  type ShareField
} from '../../../shared/domain/referrals/schemas';
import { ErrorMessage } from '../../app/ErrorBanner';
import { useFocusOnMount } from '../../app/focus';
import { useFormatDate, useI18n, useT } from '../../app/i18n-store';
import { useNav } from '../../app/nav';
import { formatBytes } from '../case-file/form-bits';
import { KeyChangedWarning, OrganisationSummary } from '../network/OrganisationCard';
import { hasContent, pickShared, SharedDataView } from './SharedData';
import { useReferrals, type ComposeTarget, type Prepared } from './store';

/** The receiver's language for the second half of the letter: French in France and Belgium, Dutch in the Netherlands. */
export function defaultLetterLanguage(country: string): LetterLanguage {
  if (country === 'FR' || country === 'BE' || country === 'LU' || country === 'MC') return 'fr';
  if (country === 'NL') return 'nl';
  return 'en';
}

export function Composer({ target }: { target: ComposeTarget }) {
  const t = useT();
  const s = useReferrals();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useFocusOnMount(headingRef);
  const [orgId, setOrgId] = useState<string | null>(null);
  const [serviceIndex, setServiceIndex] = useState<number | null>(null);

  useEffect(() => {
    void useReferrals.getState().loadOrganisations();
    void useReferrals.getState().loadTemplates();
  }, []);

  const org = s.organisations.find((o) => o.organisationId === orgId) ?? null;

  function choose(o: NetworkOrganisation) {
    setOrgId(o.organisationId);
    const first = o.profile.services.findIndex((x) => x.acceptsReferrals);
    setServiceIndex(first >= 0 ? first : null);
    void s.prepare(target.caseId, o.organisationId);
  }

  const others = s.organisations.filter((o) => !o.self);

  return (
    <section className="rf-composer" aria-labelledby="rf-compose-h" data-testid="referral-composer">
      <div className="page-head">
        <h1 id="rf-compose-h" ref={headingRef} tabIndex={-1}>
          {t('referrals.compose.title', { name: target.pseudonym })}
        </h1>
        <button type="button" className="button-secondary" onClick={s.cancelCompose} data-testid="compose-cancel">
          {t('common.cancel')}
        </button>
      </div>
      <p className="lead">{t('referrals.compose.intro')}</p>
      {s.composeError && <ErrorMessage error={s.composeError} testId="compose-error" />}

      <fieldset className="rf-step-box" data-testid="compose-organisations">
        <legend>{t('referrals.compose.step.receiver')}</legend>
        {s.directoryStale && <StaleDirectory refreshedAt={s.directoryStale.refreshedAt} />}
        {s.organisations.length > 0 && others.length === 0 && <p className="muted">{t('referrals.compose.noOrganisations')}</p>}
        {s.organisations.length === 0 && !s.composeError && <p className="muted">{t('referrals.compose.loadingOrganisations')}</p>}
        {s.composeError?.code.startsWith('network/') && (
          <button type="button" className="button-link" onClick={() => useNav.getState().go('network')}>
            {t('referrals.compose.goNetwork')}
          </button>
        )}
        <ul className="rf-org-choices">
          {others.map((o) => {
            const accepting = o.profile.services.some((x) => x.acceptsReferrals);
            const blocked = o.pin === 'changed' || o.expired || !accepting;
            return (
              <li key={o.organisationId} className={`rf-org-choice${orgId === o.organisationId ? ' is-chosen' : ''}${blocked ? ' is-blocked' : ''}`} data-testid="compose-org" data-name={o.profile.name}>
                <label className="rf-org-label">
                  <input
                    type="radio"
                    name="rf-org"
                    value={o.organisationId}
                    checked={orgId === o.organisationId}
                    disabled={blocked}
                    onChange={() => choose(o)}
                    data-testid="compose-org-radio"
                  />
                  <OrganisationSummary org={o} />
                </label>
                {o.pin === 'changed' && <KeyChangedWarning org={o} />}
                {o.expired && <p className="field-warning">{t('referrals.compose.orgExpired')}</p>}
                {!accepting && !o.expired && o.pin !== 'changed' && <p className="muted small">{t('referrals.compose.orgNoService')}</p>}
              </li>
            );
          })}
        </ul>
      </fieldset>

      {org && (
        <div className="field rf-service-field">
          <label htmlFor="rf-service">{t('referrals.compose.step.service')}</label>
          <select
            id="rf-service"
            value={serviceIndex ?? ''}
            onChange={(e) => setServiceIndex(e.target.value === '' ? null : Number(e.target.value))}
            data-testid="compose-service"
          >
            {org.profile.services.map((x, i) =>
              x.acceptsReferrals ? (
                <option key={i} value={i}>
                  {x.name} — {t(`directory.type.${x.type}`)}, {x.city} ({x.languages.map((l) => t(`directory.lang.${l}`)).join(', ')})
                </option>
              ) : null
            )}
          </select>
        </div>
      )}

      {org && s.prepared && s.prepared.receiver.organisationId === org.organisationId && serviceIndex !== null && (
        <PreparedForm key={org.organisationId} target={target} org={org} serviceIndex={serviceIndex} prepared={s.prepared} templates={s.templates} />
      )}
      {org && !s.prepared && !s.composeError && <p className="muted">{t('referrals.compose.preparing')}</p>}
    </section>
  );
}

/**
 * The directory was not verified for DIRECTORY_STALE_DAYS: an organisation removed from the
 * network, or one whose key was replaced, may still be listed here as it was. Refresh in place.
 */
function StaleDirectory({ refreshedAt }: { refreshedAt: string | null }) {
  const t = useT();
  const formatDate = useFormatDate();
  const busy = useReferrals((x) => x.busy);
  const refreshDirectory = useReferrals((x) => x.refreshDirectory);
  return (
    <p className="rf-directory-stale" role="status" data-testid="compose-directory-stale">
      {refreshedAt
        ? t('referrals.compose.directoryStale', { time: formatDate(refreshedAt), days: DIRECTORY_STALE_DAYS })
        : t('referrals.compose.directoryNeverVerified')}{' '}
      <button type="button" className="button-link" disabled={busy} onClick={() => void refreshDirectory()} data-testid="compose-directory-refresh">
        {t('referrals.compose.refreshDirectory')}
      </button>
    </p>
  );
}

function PreparedForm(props: { target: ComposeTarget; org: NetworkOrganisation; serviceIndex: number; prepared: Prepared; templates: LetterTemplate[] }) {
  const { target, org, serviceIndex, prepared, templates } = props;
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const send = useReferrals((s) => s.send);
  const busy = useReferrals((s) => s.busy);
  const identityPending = useReferrals((s) => s.identityPending);
  const senderName = useReferrals((s) => s.selfName);
  const [fields, setFields] = useState<ShareField[]>([...DEFAULT_SHARE_FIELDS]);
  const [attachmentIds, setAttachmentIds] = useState<string[]>([]);
  const [override, setOverride] = useState('');
  const [templateId, setTemplateId] = useState('');
  const [otherLanguage, setOtherLanguage] = useState<LetterLanguage>(defaultLetterLanguage(org.profile.country));
  const [contact, setContact] = useState('');
  /** Texts typed by hand (null = untouched: follows the template and the choices live). */
  const [zhTyped, setZhTyped] = useState<string | null>(null);
  const [otherTyped, setOtherTyped] = useState<string | null>(null);
  const [answerDays, setAnswerDays] = useState(DEFAULT_ANSWER_DAYS);
  const preview = useMemo(() => pickShared(prepared.available, fields), [prepared.available, fields]);
  const template = templates.find((x) => x.id === templateId) ?? null;
  const consentOk = prepared.consent.allowed || override.trim() !== '';
  const facts: LetterFacts = useMemo(
    () => ({
      receiverName: org.profile.name,
      serviceName: org.profile.services[serviceIndex]?.name ?? '',
      senderName,
      senderContact: contact.trim(),
      pseudonym: prepared.available.pseudonym,
      languages: fields.includes('languages') ? (prepared.available.languages ?? []) : [],
      fields,
      attachments: attachmentIds.length,
      consent: prepared.consent.allowed ? 'given' : 'override',
      reference: prepared.reference,
      date: new Date().toISOString().slice(0, 10)
    }),
    [org, serviceIndex, senderName, contact, prepared, fields, attachmentIds.length]
  );

  const zh = zhTyped ?? (template ? fillLetter(template, 'zh', letterValues(facts, 'zh')) : '');
  const other = otherTyped ?? (template ? fillLetter(template, otherLanguage, letterValues(facts, otherLanguage)) : '');
  const letterOk = zh.trim() !== '' && other.trim() !== '';

  const toggle = <T extends string>(list: T[], item: T, on: boolean) => (on ? [...list, item] : list.filter((x) => x !== item));

  /** Identity is read (and audited as revealed) only once ticked, and dropped when unticked. */
  async function setIdentity(on: boolean) {
    const store = useReferrals.getState();
    setFields((list) => toggle(list.filter((x) => x !== 'identity'), 'identity', on));
    if (!on) return store.dropIdentity();
    const ok = await store.revealIdentity(target.caseId, org.organisationId);
    // Failed (the error shows above): untick. Unticked or ticked again meanwhile: leave it as the user left it.
    if (!ok && !useReferrals.getState().identityPending) setFields((list) => list.filter((x) => x !== 'identity'));
  }

  /** Before the identity is read, only whether a record exists is known; once read, whether it has content. */
  const isEmpty = (f: ShareField) =>
    f === 'identity' && prepared.available.identity === undefined ? !prepared.identityRecorded : !hasContent(prepared.available, f);

  async function submit() {
    if (!consentOk || !letterOk || busy) return;
    await send({
      caseId: target.caseId,
      organisationId: org.organisationId,
      serviceIndex,
      reference: prepared.reference,
      fields,
      attachmentIds,
      letter: { zh, other, otherLanguage },
      consentOverride: prepared.consent.allowed ? null : override.trim(),
      answerByDays: answerDays
    });
  }

  return (
    <>
      <div className={`rf-consent${prepared.consent.allowed ? ' is-allowed' : ' is-blocked'}`} data-testid="compose-consent" data-allowed={prepared.consent.allowed ? 'true' : 'false'}>
        {prepared.consent.allowed ? (
          <p className="rf-consent-ok">
            <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18" className="icon">
              <path d="M5 12l5 5L20 7" />
            </svg>
            {t('referrals.compose.consentOk', { name: org.profile.name })}
          </p>
        ) : (
          <div role="alert">
            <p className="rf-consent-title">{t('referrals.compose.consentMissingTitle')}</p>
            <p>{t('referrals.compose.consentMissing', { name: org.profile.name })}</p>
            <div className="field">
              <label htmlFor="rf-override">{t('referrals.compose.overrideLabel')}</label>
              <p className="field-help">{t('referrals.compose.overrideHelp')}</p>
              <textarea id="rf-override" rows={3} maxLength={5000} value={override} onChange={(e) => setOverride(e.target.value)} data-testid="compose-override" />
            </div>
          </div>
        )}
      </div>

      <div className="rf-share">
        <fieldset className="rf-step-box" data-testid="compose-fields">
          <legend>{t('referrals.compose.step.fields')}</legend>
          <p className="field-help">{t('referrals.compose.fieldsHelp')}</p>
          <label className="rf-check">
            <input type="checkbox" checked disabled />
            <span>
              {t('referrals.field.pseudonym')} <span className="muted small">({t('referrals.compose.always')})</span>
            </span>
          </label>
          {SHARE_FIELDS.map((f) => {
            const empty = isEmpty(f);
            return (
              <label key={f} className={`rf-check${f === 'identity' || f === 'contact-safety' || f === 'incidents' ? ' rf-check-sensitive' : ''}`}>
                <input
                  type="checkbox"
                  checked={fields.includes(f)}
                  onChange={(e) => (f === 'identity' ? void setIdentity(e.target.checked) : setFields(toggle(fields, f, e.target.checked)))}
                  data-testid={`compose-field-${f}`}
                />
                <span>
                  {t(`referrals.field.${f}`)}
                  {empty && <span className="muted small"> ({t('referrals.compose.emptyField')})</span>}
                  {f === 'identity' && !empty && !fields.includes(f) && <span className="field-help rf-check-note">{t('referrals.compose.identityAudited')}</span>}
                  {f === 'identity' && identityPending && <span className="muted small rf-check-note" data-testid="compose-identity-opening">{t('referrals.compose.identityOpening')}</span>}
                </span>
              </label>
            );
          })}
          <h3 className="rf-subhead">{t('referrals.compose.step.attachments')}</h3>
          {prepared.attachments.length === 0 ? (
            <p className="muted">{t('referrals.compose.noAttachments')}</p>
          ) : (
            prepared.attachments.map((a) => (
              <label key={a.id} className="rf-check">
                <input
                  type="checkbox"
                  checked={attachmentIds.includes(a.id)}
                  onChange={(e) => setAttachmentIds(toggle(attachmentIds, a.id, e.target.checked))}
                  data-testid="compose-attachment"
                />
                <span>
                  {a.name} <span className="muted small">· {formatBytes(locale, a.size)}</span>
                </span>
              </label>
            ))
          )}
        </fieldset>
        <section className="rf-preview" aria-labelledby="rf-preview-h">
          <h3 id="rf-preview-h">{t('referrals.compose.preview')}</h3>
          <p className="field-help">{t('referrals.compose.previewHelp', { name: org.profile.name })}</p>
          <SharedDataView data={preview} testId="compose-preview" />
          {attachmentIds.length > 0 && (
            <ul className="rf-plain-list">
              {prepared.attachments
                .filter((a) => attachmentIds.includes(a.id))
                .map((a) => (
                  <li key={a.id}>📎 {a.name}</li>
                ))}
            </ul>
          )}
        </section>
      </div>

      <fieldset className="rf-step-box" data-testid="compose-letter">
        <legend>{t('referrals.compose.step.letter')}</legend>
        <p className="muted small">{t('referrals.compose.reference', { reference: prepared.reference })}</p>
        <div className="rf-letter-controls">
          <div className="field rf-template-field">
            <label htmlFor="rf-template">{t('referrals.compose.template')}</label>
            <select
              id="rf-template"
              value={templateId}
              onChange={(e) => {
                setTemplateId(e.target.value);
                setZhTyped(null);
                setOtherTyped(null);
              }}
              data-testid="compose-template"
            >
              <option value="">{t('referrals.compose.templateChoose')}</option>
              {templates.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                  {x.builtIn ? ` (${t('referrals.templates.builtIn')})` : ''}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="rf-letter-lang">{t('referrals.compose.receiverLanguage')}</label>
            <select
              id="rf-letter-lang"
              value={otherLanguage}
              onChange={(e) => {
                setOtherLanguage(e.target.value as LetterLanguage);
                setOtherTyped(null);
              }}
              data-testid="compose-language"
            >
              {LETTER_LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {t(`referrals.lang.${l}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="rf-answer-days">{t('referrals.compose.answerDays')}</label>
            <input
              id="rf-answer-days"
              type="number"
              className="input-short"
              min={1}
              max={90}
              value={answerDays}
              onChange={(e) => setAnswerDays(Math.min(90, Math.max(1, Number(e.target.value) || 1)))}
              data-testid="compose-answer-days"
            />
          </div>
          <div className="field rf-contact-field">
            <label htmlFor="rf-contact">{t('referrals.compose.contact')}</label>
            <input id="rf-contact" type="text" maxLength={200} value={contact} onChange={(e) => setContact(e.target.value)} placeholder={t('referrals.compose.contactPlaceholder')} data-testid="compose-contact" />
          </div>
        </div>
        {template && (zhTyped !== null || otherTyped !== null) && (
          <button
            type="button"
            className="button-link"
            onClick={() => {
              setZhTyped(null);
              setOtherTyped(null);
            }} data-testid="compose-refill">
            {t('referrals.compose.refill')}
          </button>
        )}
        <div className="rf-letters">
          <div className="field">
            <label htmlFor="rf-letter-zh">{t('referrals.lang.zh')}</label>
            <textarea id="rf-letter-zh" lang="zh-CN" rows={12} maxLength={20000} value={zh} onChange={(e) => {
                setZhTyped(e.target.value);
              }} data-testid="compose-letter-zh" />
          </div>
          <div className="field">
            <label htmlFor="rf-letter-other">{t(`referrals.lang.${otherLanguage}`)}</label>
            <textarea
              id="rf-letter-other"
              lang={otherLanguage}
              rows={12}
              maxLength={20000}
              value={other}
              onChange={(e) => {
                setOtherTyped(e.target.value);
              }}
              data-testid="compose-letter-other"
            />
          </div>
        </div>
      </fieldset>

      <div className="actions rf-send-row">
        <button type="button" className="button-primary" disabled={!consentOk || !letterOk || busy} onClick={() => void submit()} data-testid="compose-send">
          {t('referrals.compose.send')}
        </button>
        {!consentOk && <span className="field-error">{t('referrals.compose.sendBlockedConsent')}</span>}
        {consentOk && !letterOk && <span className="muted">{t('referrals.compose.sendBlockedLetter')}</span>}
      </div>
    </>
  );
}
