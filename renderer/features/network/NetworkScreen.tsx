/**
 * The Network screen: this organisation's profile and fingerprint, joining a network with an
 * invitation (fingerprint compared by phone), creating one, admitting organisations (the
 * coordinator), and the organisations of the signed directory with their key state.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { DIRECTORY_STALE_DAYS, type JoinRequestPreview, type NetworkOrganisation, type NetworkStatus } from '../../../shared/domain/referrals/schemas';
import { ErrorMessage } from '../../app/ErrorBanner';
import { useFocusOnMount } from '../../app/focus';
import { useErrorText, useFormatDate, useT } from '../../app/i18n-store';
import { useNav } from '../../app/nav';
import { useFormatDay } from '../case-file/form-bits';
import { ReferralsSubNav } from '../referrals/labels';
import { FingerprintText, normaliseTypedFingerprint } from './Fingerprint';
import { KeyChangedWarning, OrganisationSummary } from './OrganisationCard';
import { ProfileForm } from './ProfileForm';
import { subscribeNetwork, useNetwork } from './store';
import '../referrals/referrals.css';
import './network.css';

/** A year from today, YYYY-MM-DD: the default validity of an admitted organisation's entry. */
function inAYear(): string {
  const d = new Date();
  d.setFullYear(d.getFullYear() + 1);
  return d.toISOString().slice(0, 10);
}

/** How often the open Network screen reads the status again (background refresh outcomes). */
const STATUS_POLL_MS = 30_000;

export function NetworkScreen() {
  const t = useT();
  const s = useNetwork();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useFocusOnMount(headingRef);

  useEffect(() => {
    const off = subscribeNetwork();
    void useNetwork.getState().load();
    // A background refresh (after sync cycles) may fail or succeed while the screen is open.
    const poll = window.setInterval(() => void useNetwork.getState().reloadStatus(), STATUS_POLL_MS);
    return () => {
      window.clearInterval(poll);
      off();
      useNetwork.getState().reset();
    };
  }, []);

  const status = s.status;
  return (
    <div className="rf-screen nw-screen" data-testid="network-screen">
      <ReferralsSubNav />
      <div className="page-head">
        <h1 ref={headingRef} tabIndex={-1}>
          {t('network.title')}
        </h1>
        {status?.network && (
          <button type="button" className="button-secondary" disabled={s.busy} onClick={() => void s.refresh()} data-testid="network-refresh">
            {t('network.refresh')}
          </button>
        )}
      </div>
      <p className="lead">{t('network.intro')}</p>
      {s.error && <ErrorMessage error={s.error} onDismiss={s.dismissError} testId="network-error" />}
      {s.notice && (
        <p className="success" role="status" data-testid="network-notice">
          {t(s.notice)}
        </p>
      )}
      {s.lastRefresh && (
        <p className="muted" role="status" data-testid="network-refresh-result">
          {t('network.refreshResult', { count: s.lastRefresh.organisations })}
          {s.lastRefresh.changedKeys > 0 && <strong className="rf-refused"> {t('network.refreshChanged', { count: s.lastRefresh.changedKeys })}</strong>}
        </p>
      )}
      {status === null ? (
        !s.error && <p className="muted">{t('network.loading')}</p>
      ) : !status.organisationReady ? (
        <div className="card nw-card" data-testid="network-not-ready">
          <p>{t('network.notReady')}</p>
          <button type="button" className="button-primary" onClick={() => useNav.getState().go('sync')}>
            {t('network.goSync')}
          </button>
        </div>
      ) : (
        <>
          <StatusCard status={status} />
          <ProfileForm key={status.profile ? 'p' : 'none'} profile={status.profile} />
          {!status.network && <JoinOrCreate status={status} />}
          {status.network?.coordinator && <Admit />}
          {status.network && <Organisations coordinator={status.network.coordinator} />}
        </>
      )}
    </div>
  );
}

function StatusCard({ status }: { status: NetworkStatus }) {
  const t = useT();
  const formatDate = useFormatDate();
  const formatDay = useFormatDay();
  const n = status.network;
  return (
    <section className="card nw-card" aria-labelledby="nw-status-h" data-testid="network-status">
      <h2 id="nw-status-h">{n ? t('network.status.member', { name: n.name }) : t('network.status.none')}</h2>
      <dl className="nw-status">
        <div>
          <dt>{t('network.status.ownFingerprint')}</dt>
          <dd>{status.fingerprint ? <FingerprintText value={status.fingerprint} testId="own-fingerprint" /> : <span className="muted">{t('network.status.noKeyYet')}</span>}</dd>
        </div>
        {n && (
          <>
            <div>
              <dt>{t('network.status.networkFingerprint')}</dt>
              <dd>
                <FingerprintText value={n.fingerprint} testId="network-fingerprint" />
              </dd>
            </div>
            <div>
              <dt>{t('network.status.role')}</dt>
              <dd data-testid="network-role">{n.coordinator ? t('network.status.coordinator') : t('network.status.memberRole')}</dd>
            </div>
            <div>
              <dt>{t('network.status.validUntil')}</dt>
              <dd>{n.validUntil ? formatDay(n.validUntil) : t('network.status.notListed')}</dd>
            </div>
            <div>
              <dt>{t('network.status.refreshedAt')}</dt>
              <dd>
                {n.refreshedAt ? formatDate(n.refreshedAt) : t('network.status.never')}
                <RefreshHealth network={n} />
              </dd>
            </div>
          </>
        )}
      </dl>
      {status.ownEntryMismatch && (
        <div className="nw-key-changed" role="alert" data-testid="own-entry-mismatch">
          <p className="nw-key-changed-title">{t('network.status.ownMismatchTitle')}</p>
          <p>{t('network.status.ownMismatchBody')}</p>
        </div>
      )}
      <p className="field-help">{t('network.status.phoneHelp')}</p>
    </section>
  );
}

/**
 * Under "Directory last verified": a red line when the last refresh (background or by hand)
 * failed, an amber one when a member's directory is stale; each with the refresh action.
 */
function RefreshHealth({ network }: { network: NonNullable<NetworkStatus['network']> }) {
  const t = useT();
  const formatDate = useFormatDate();
  const errorText = useErrorText();
  const busy = useNetwork((x) => x.busy);
  const refresh = useNetwork((x) => x.refresh);
  const last = network.lastRefresh;
  const failed = last && !last.ok ? last : null;
  if (!failed && !network.stale) return null;
  const action = (
    <button type="button" className="button-link" disabled={busy} onClick={() => void refresh()} data-testid="network-refresh-again">
      {t('network.refresh')}
    </button>
  );
  return (
    <>
      {failed && (
        <p className="nw-refresh-failed" role="alert" data-testid="network-refresh-failed">
          {failed.error?.code === 'sync/relay-unreachable'
            ? t('network.status.refreshOffline', { time: formatDate(failed.at) })
            : t('network.status.refreshFailed', { time: formatDate(failed.at), error: errorText({ code: failed.error?.code ?? 'internal' }) })}{' '}
          {action}
        </p>
      )}
      {network.stale && (
        <p className="nw-refresh-stale" role="status" data-testid="network-stale">
          {t('network.status.stale', { days: DIRECTORY_STALE_DAYS })} {!failed && action}
        </p>
      )}
    </>
  );
}

function JoinOrCreate({ status }: { status: NetworkStatus }) {
  const t = useT();
  const s = useNetwork();
  const [invitationText, setInvitationText] = useState('');
  const [typed, setTyped] = useState('');
  const [name, setName] = useState('');
  const [copied, setCopied] = useState(false);
  const noProfile = status.profile === null;

  function submitJoin(e: FormEvent) {
    e.preventDefault();
    if (!s.invitation) {
      if (invitationText.trim()) void s.inspectInvitation(invitationText.trim());
      return;
    }
    if (typed.trim()) void s.join(normaliseTypedFingerprint(typed, s.invitation.preview.fingerprint));
  }

  return (
    <div className="nw-columns">
      <section className="card nw-card" aria-labelledby="nw-join-h" data-testid="network-join">
        <h2 id="nw-join-h">{t('network.join.title')}</h2>
        <ol className="nw-steps">
          <li>
            <p>{t('network.join.step1')}</p>
            {s.joinRequest ? (
              <>
                <textarea className="nw-token" readOnly rows={4} value={s.joinRequest.text} data-testid="join-request-text" />
                <div className="actions nw-tight">
                  <button
                    type="button"
                    className="button-secondary"
                    onClick={() => void navigator.clipboard?.writeText(s.joinRequest?.text ?? '').then(() => setCopied(true), () => setCopied(false))}
                  >
                    {copied ? t('network.copied') : t('network.copy')}
                  </button>
                </div>
                <p className="field-help">{t('network.join.readOwn')}</p>
                <FingerprintText value={s.joinRequest.fingerprint} testId="join-request-fingerprint" />
              </>
            ) : (
              <button type="button" className="button-secondary" disabled={s.busy || noProfile} onClick={() => void s.makeJoinRequest()} data-testid="join-request-make">
                {t('network.join.makeRequest')}
              </button>
            )}
            {noProfile && <p className="field-warning">{t('network.join.profileFirst')}</p>}
          </li>
          <li>
            <form onSubmit={submitJoin} noValidate>
              <div className="field">
                <label htmlFor="nw-invitation">{t('network.join.pasteInvitation')}</label>
                <textarea
                  id="nw-invitation"
                  className="nw-token"
                  rows={4}
                  value={invitationText}
                  disabled={s.invitation !== null}
                  onChange={(e) => setInvitationText(e.target.value)}
                  data-testid="invitation-text"
                />
              </div>
              {s.invitation ? (
                <div className="nw-preview" data-testid="invitation-preview">
                  <p>{t('network.join.previewNetwork', { name: s.invitation.preview.name })}</p>
                  <p className="field-help">{t('network.join.compareHelp')}</p>
                  <FingerprintText value={s.invitation.preview.fingerprint} testId="invitation-fingerprint" />
                  <div className="field">
                    <label htmlFor="nw-join-fp">{t('network.join.typeFingerprint')}</label>
                    <input id="nw-join-fp" type="text" className="mono" autoComplete="off" value={typed} onChange={(e) => setTyped(e.target.value)} data-testid="invitation-typed-fingerprint" />
                  </div>
                  <div className="actions nw-tight">
                    <button type="submit" className="button-primary" disabled={s.busy || typed.trim() === ''} data-testid="join-confirm">
                      {t('network.join.join')}
                    </button>
                    <button type="button" className="button-secondary" onClick={s.cancelInvitation}>
                      {t('common.cancel')}
                    </button>
                  </div>
                </div>
              ) : (
                <button type="submit" className="button-secondary" disabled={s.busy || invitationText.trim() === ''} data-testid="invitation-inspect">
                  {t('network.join.inspect')}
                </button>
              )}
            </form>
          </li>
        </ol>
      </section>
      <section className="card nw-card" aria-labelledby="nw-create-h" data-testid="network-create">
        <h2 id="nw-create-h">{t('network.create.title')}</h2>
        <p className="field-help">{t('network.create.help')}</p>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) void s.create(name.trim());
          }}
        >
          <div className="field">
            <label htmlFor="nw-create-name">{t('network.create.name')}</label>
            <input id="nw-create-name" type="text" maxLength={200} value={name} onChange={(e) => setName(e.target.value)} data-testid="network-create-name" />
          </div>
          <button type="submit" className="button-secondary" disabled={s.busy || name.trim() === '' || noProfile} data-testid="network-create-submit">
            {t('network.create.submit')}
          </button>
          {noProfile && <p className="field-warning">{t('network.join.profileFirst')}</p>}
        </form>
      </section>
    </div>
  );
}

function Admit() {
  const t = useT();
  const s = useNetwork();
  const [text, setText] = useState('');
  const [typed, setTyped] = useState('');
  const [validUntil, setValidUntil] = useState(inAYear());
  const [copied, setCopied] = useState(false);
  const [phoned, setPhoned] = useState(false);
  const replacement = s.request?.preview.admission === 'replacement';

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!s.request) {
      setPhoned(false);
      if (text.trim()) void s.inspectRequest(text.trim());
      return;
    }
    if (replacement && !phoned) return;
    if (typed.trim() && /^\d{4}-\d{2}-\d{2}$/.test(validUntil)) {
      void s.admit(normaliseTypedFingerprint(typed, s.request.preview.fingerprint), validUntil, replacement && phoned).then((ok) => {
        if (ok) {
          setText('');
          setTyped('');
          setCopied(false);
          setPhoned(false);
        }
      });
    }
  }

  return (
    <section className="card nw-card" aria-labelledby="nw-admit-h" data-testid="network-admit">
      <h2 id="nw-admit-h">{t('network.admit.title')}</h2>
      <p className="field-help">{t('network.admit.help')}</p>
      {s.admitted && (
        <div className="nw-preview" data-testid="admit-result">
          <p className="success">{t('network.admit.done', { name: s.admitted.organisation.profile.name })}</p>
          <label htmlFor="nw-invite-out">{t('network.admit.invitation')}</label>
          <textarea id="nw-invite-out" className="nw-token" readOnly rows={5} value={s.admitted.invitation} data-testid="admit-invitation" />
          <div className="actions nw-tight">
            <button type="button" className="button-secondary" onClick={() => void navigator.clipboard?.writeText(s.admitted?.invitation ?? '').then(() => setCopied(true), () => setCopied(false))}>
              {copied ? t('network.copied') : t('network.copy')}
            </button>
            <button type="button" className="button-quiet" onClick={s.closeAdmitted}>
              {t('common.dismiss')}
            </button>
          </div>
        </div>
      )}
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="nw-request">{t('network.admit.paste')}</label>
          <textarea id="nw-request" className="nw-token" rows={4} value={text} disabled={s.request !== null} onChange={(e) => setText(e.target.value)} data-testid="admit-request-text" />
        </div>
        {s.request ? (
          <div className="nw-preview" data-testid="admit-preview">
            <OrganisationSummary
              org={{
                organisationId: s.request.preview.organisationId,
                profile: s.request.preview.profile,
                fingerprint: s.request.preview.fingerprint,
                pinnedFingerprint: s.request.preview.fingerprint,
                pin: 'pinned',
                validUntil: '',
                expired: false,
                self: false,
                coordinator: false
              }}
            />
            <AdmissionNote preview={s.request.preview} phoned={phoned} onPhoned={setPhoned} />
            <p className="field-help">{t('network.admit.compareHelp')}</p>
            <FingerprintText value={s.request.preview.fingerprint} testId="admit-request-fingerprint" />
            <div className="nw-grid">
              <div className="field">
                <label htmlFor="nw-admit-fp">{t('network.admit.typeFingerprint')}</label>
                <input id="nw-admit-fp" type="text" className="mono" autoComplete="off" value={typed} onChange={(e) => setTyped(e.target.value)} data-testid="admit-typed-fingerprint" />
              </div>
              <div className="field">
                <label htmlFor="nw-valid">{t('network.admit.validUntil')}</label>
                <input id="nw-valid" type="date" value={validUntil} onChange={(e) => setValidUntil(e.target.value)} data-testid="admit-valid-until" />
              </div>
            </div>
            <div className="actions nw-tight">
              <button
                type="submit"
                className={replacement ? 'button-danger' : 'button-primary'}
                disabled={s.busy || typed.trim() === '' || (replacement && !phoned)}
                data-testid="admit-confirm"
              >
                {t('network.admit.admit')}
              </button>
              <button
                type="button"
                className="button-secondary"
                onClick={() => {
                  setPhoned(false);
                  s.cancelRequest();
                }}
              >
                {t('common.cancel')}
              </button>
            </div>
          </div>
        ) : (
          <button type="submit" className="button-secondary" disabled={s.busy || text.trim() === ''} data-testid="admit-inspect">
            {t('network.admit.inspect')}
          </button>
        )}
      </form>
    </section>
  );
}

/**
 * What admitting this request does to the directory: adds a new organisation, renews one listed
 * with the same keys (a neutral note), or REPLACES the keys of a listed one — a blocking warning
 * with both fingerprints and a confirmation that the new one was compared by phone.
 */
function AdmissionNote({ preview, phoned, onPhoned }: { preview: JoinRequestPreview; phoned: boolean; onPhoned: (v: boolean) => void }) {
  const t = useT();
  if (preview.admission === 'new' || !preview.listed) {
    return (
      <p className="muted" data-testid="admit-admission" data-admission="new">
        {t('network.admit.new')}
      </p>
    );
  }
  if (preview.admission === 'renewal') {
    return (
      <p className="nw-note" data-testid="admit-admission" data-admission="renewal">
        {t('network.admit.renewal', { name: preview.listed.name })}
      </p>
    );
  }
  return (
    <div className="nw-key-changed" role="alert" data-testid="admit-admission" data-admission="replacement">
      <p className="nw-key-changed-title">{t('network.admit.replaceTitle', { name: preview.listed.name })}</p>
      <p>{t('network.admit.replaceBody')}</p>
      <dl className="nw-fp-pair">
        <div>
          <dt>{t('network.admit.listedFingerprint')}</dt>
          <dd>
            <FingerprintText value={preview.listed.fingerprint} testId="admit-listed-fingerprint" />
          </dd>
        </div>
        <div>
          <dt>{t('network.admit.newFingerprint')}</dt>
          <dd>
            <FingerprintText value={preview.fingerprint} testId="admit-new-fingerprint" />
          </dd>
        </div>
      </dl>
      <label className="nw-check nw-confirm">
        <input type="checkbox" checked={phoned} onChange={(e) => onPhoned(e.target.checked)} data-testid="admit-replace-confirm" />
        <span>{t('network.admit.replaceConfirm')}</span>
      </label>
    </div>
  );
}

function Organisations({ coordinator }: { coordinator: boolean }) {
  const t = useT();
  const organisations = useNetwork((s) => s.organisations);
  return (
    <section className="nw-orgs" aria-labelledby="nw-orgs-h">
      <h2 id="nw-orgs-h">{t('network.orgs.title', { count: organisations.length })}</h2>
      {organisations.length === 0 && <p className="muted">{t('network.orgs.empty')}</p>}
      <ul className="nw-org-list" data-testid="network-organisations">
        {organisations.map((o) => (
          <OrganisationRow key={o.organisationId} org={o} coordinator={coordinator} />
        ))}
      </ul>
    </section>
  );
}

function OrganisationRow({ org, coordinator }: { org: NetworkOrganisation; coordinator: boolean }) {
  const t = useT();
  const formatDay = useFormatDay();
  const accept = useNetwork((s) => s.acceptKeyChange);
  const remove = useNetwork((s) => s.remove);
  const busy = useNetwork((s) => s.busy);
  const [typed, setTyped] = useState('');
  const [confirmRemove, setConfirmRemove] = useState(false);
  return (
    <li className={`card nw-org${org.pin === 'changed' ? ' is-changed' : ''}`} data-testid="network-org" data-name={org.profile.name} data-pin={org.pin}>
      <OrganisationSummary org={org}>
        <dl className="nw-status nw-status-small">
          <div>
            <dt>{t('network.org.fingerprint')}</dt>
            <dd>
              <FingerprintText value={org.fingerprint} />
            </dd>
          </div>
          <div>
            <dt>{t('network.org.pin')}</dt>
            <dd>{org.pin === 'pinned' ? t('network.org.pinned') : t('network.org.changed')}</dd>
          </div>
          <div>
            <dt>{t('network.status.validUntil')}</dt>
            <dd>{org.validUntil ? formatDay(org.validUntil) : '—'}</dd>
          </div>
        </dl>
      </OrganisationSummary>
      {org.pin === 'changed' && (
        <KeyChangedWarning org={org}>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (typed.trim()) void accept(org.organisationId, normaliseTypedFingerprint(typed, org.fingerprint)).then((ok) => ok && setTyped(''));
            }}
          >
            <div className="field">
              <label htmlFor={`nw-accept-${org.organisationId}`}>{t('network.keyChanged.typeNew')}</label>
              <input
                id={`nw-accept-${org.organisationId}`}
                type="text"
                className="mono"
                autoComplete="off"
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
                data-testid="key-change-typed"
              />
            </div>
            <button type="submit" className="button-danger" disabled={busy || typed.trim() === ''} data-testid="key-change-accept">
              {t('network.keyChanged.accept')}
            </button>
          </form>
        </KeyChangedWarning>
      )}
      {coordinator && !org.self && (
        <div className="actions nw-tight">
          {confirmRemove ? (
            <>
              <span>{t('network.org.removeConfirm', { name: org.profile.name })}</span>
              <button type="button" className="button-danger" disabled={busy} onClick={() => void remove(org.organisationId)}>
                {t('network.org.remove')}
              </button>
              <button type="button" className="button-secondary" onClick={() => setConfirmRemove(false)}>
                {t('common.cancel')}
              </button>
            </>
          ) : (
            <button type="button" className="button-quiet" onClick={() => setConfirmRemove(true)}>
              {t('network.org.remove')}
            </button>
          )}
        </div>
      )}
    </li>
  );
}
