/**
 * Devices and sync: create or join an organisation, link a new computer (one-time code +
 * fingerprint comparison, approved here on an admin device), remove a device, and resolve
 * long texts edited on two computers.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ErrorMessage } from '../../app/ErrorBanner';
import { useFocusOnMount } from '../../app/focus';
import { useFormatDate, useT } from '../../app/i18n-store';
import { ConflictResolver } from './ConflictResolver';
import { useSync } from './store';
import './sync.css';

export function DevicesScreen() {
  const t = useT();
  const status = useSync((s) => s.status);
  const error = useSync((s) => s.error);
  const dismissError = useSync((s) => s.dismissError);
  const loadDetails = useSync((s) => s.loadDetails);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useFocusOnMount(headingRef);
  useEffect(() => {
    void loadDetails();
  }, [loadDetails]);

  return (
    <div className="sync-screen" data-testid="devices-screen">
      <div className="page-head">
        <h1 ref={headingRef} tabIndex={-1}>
          {t('sync.screen.title')}
        </h1>
      </div>
      <p className="lead">{t('sync.screen.intro')}</p>
      {error && <ErrorMessage error={error} onDismiss={dismissError} testId="sync-error" />}
      {status?.state === 'off' && <Setup />}
      {status?.state === 'linking' && <Offer />}
      {status && status.orgId && (
        <>
          <Summary />
          <ConflictResolver />
          <DeviceList />
          {status.role === 'admin' && <LinkDevice />}
        </>
      )}
    </div>
  );
}

function Setup() {
  const t = useT();
  const busy = useSync((s) => s.busy);
  const createOrg = useSync((s) => s.createOrg);
  const offerLink = useSync((s) => s.offerLink);
  const [relay, setRelay] = useState('');
  const [label, setLabel] = useState('');
  const [joinRelay, setJoinRelay] = useState('');
  const submitCreate = (e: FormEvent) => {
    e.preventDefault();
    if (relay.trim() && label.trim()) void createOrg(relay.trim(), label.trim());
  };
  const submitJoin = (e: FormEvent) => {
    e.preventDefault();
    if (joinRelay.trim()) void offerLink(joinRelay.trim());
  };
  return (
    <div className="sync-columns">
      <section className="card" aria-labelledby="sync-create">
        <h2 id="sync-create">{t('sync.create.title')}</h2>
        <p>{t('sync.create.help')}</p>
        <form onSubmit={submitCreate} noValidate aria-busy={busy}>
          <RelayField id="create-relay" value={relay} onChange={setRelay} />
          <div className="field">
            <label htmlFor="create-label">{t('sync.field.label')}</label>
            <p className="field-help" id="create-label-help">
              {t('sync.field.labelHelp')}
            </p>
            <input id="create-label" type="text" value={label} maxLength={64} onChange={(e) => setLabel(e.target.value)} aria-describedby="create-label-help" data-testid="sync-create-label" />
          </div>
          <div className="actions">
            <button type="submit" className="button-primary" disabled={busy || !relay.trim() || !label.trim()} data-testid="sync-create-submit">
              {t('sync.create.submit')}
            </button>
          </div>
        </form>
      </section>
      <section className="card" aria-labelledby="sync-join">
        <h2 id="sync-join">{t('sync.join.title')}</h2>
        <p>{t('sync.join.help')}</p>
        <form onSubmit={submitJoin} noValidate aria-busy={busy}>
          <RelayField id="join-relay" value={joinRelay} onChange={setJoinRelay} />
          <div className="actions">
            <button type="submit" className="button-secondary" disabled={busy || !joinRelay.trim()} data-testid="sync-join-submit">
              {t('sync.join.submit')}
            </button>
          </div>
        </form>
      </section>
    </div>
  );
}

function RelayField({ id, value, onChange }: { id: string; value: string; onChange: (v: string) => void }) {
  const t = useT();
  return (
    <div className="field">
      <label htmlFor={id}>{t('sync.field.relay')}</label>
      <p className="field-help" id={`${id}-help`}>
        {t('sync.field.relayHelp')}
      </p>
      <input id={id} type="url" inputMode="url" value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={`${id}-help`} data-testid={`${id}-input`} />
    </div>
  );
}

function Offer() {
  const t = useT();
  const formatDate = useFormatDate();
  const offer = useSync((s) => s.offer);
  return (
    <section className="card" aria-labelledby="sync-offer">
      <h2 id="sync-offer">{t('sync.offer.title')}</h2>
      {offer && (
        <>
          <p className="sync-label">{t('sync.offer.code')}</p>
          <p className="sync-code" data-testid="sync-offer-code">
            {offer.code}
          </p>
          <p className="field-help">{t('sync.offer.codeHelp', { time: formatDate(offer.expiresAt, true) })}</p>
          <p className="sync-label">{t('sync.offer.fingerprint')}</p>
          <Fingerprint value={offer.fingerprint} testId="sync-offer-fingerprint" />
          <p className="field-help">{t('sync.offer.fingerprintHelp')}</p>
        </>
      )}
      <p className="sync-waiting" role="status">
        {t('sync.offer.waiting')}
      </p>
    </section>
  );
}

export function Fingerprint({ value, testId }: { value: string; testId?: string }) {
  return (
    <p className="sync-fingerprint" data-testid={testId} translate="no">
      {value.split(' ').map((group, i) => (
        <span key={i}>{group}</span>
      ))}
    </p>
  );
}

function Summary() {
  const t = useT();
  const formatDate = useFormatDate();
  const status = useSync((s) => s.status)!;
  const busy = useSync((s) => s.busy);
  const syncNow = useSync((s) => s.syncNow);
  const me = useSync((s) => s.devices.find((d) => d.thisDevice));
  return (
    <section className="card sync-wide" aria-labelledby="sync-summary">
      <div className="pane-head">
        <h2 id="sync-summary">{t('sync.summary.title')}</h2>
        <button type="button" className="button-secondary" onClick={() => void syncNow()} disabled={busy || status.state === 'removed'} data-testid="sync-now">
          {t('sync.syncNow')}
        </button>
      </div>
      <dl className="sync-facts">
        <dt>{t('sync.summary.org')}</dt>
        <dd translate="no">{status.orgId?.slice(0, 8)}</dd>
        <dt>{t('sync.summary.role')}</dt>
        <dd>{status.role ? t(status.role === 'admin' ? 'sync.role.admin' : 'sync.role.member') : '—'}</dd>
        <dt>{t('sync.summary.relay')}</dt>
        <dd translate="no">{status.relayUrl}</dd>
        <dt>{t('sync.summary.lastSync')}</dt>
        <dd data-testid="sync-last">{status.lastSyncAt ? formatDate(status.lastSyncAt, true) : t('sync.status.never')}</dd>
        <dt>{t('sync.summary.pending')}</dt>
        <dd data-testid="sync-pending">{status.pending}</dd>
        {me && (
          <>
            <dt>{t('sync.summary.fingerprint')}</dt>
            <dd>
              <Fingerprint value={me.fingerprint} />
            </dd>
          </>
        )}
      </dl>
      {status.rejected > 0 && <p className="field-warning">{t('sync.summary.rejected', { count: status.rejected })}</p>}
      {status.clockWarnings > 0 && <p className="field-warning">{t('sync.summary.clock')}</p>}
    </section>
  );
}

function DeviceList() {
  const t = useT();
  const devices = useSync((s) => s.devices);
  const status = useSync((s) => s.status)!;
  const busy = useSync((s) => s.busy);
  const remove = useSync((s) => s.remove);
  const notice = useSync((s) => s.notice);
  const [asking, setAsking] = useState<string | null>(null);
  const target = devices.find((d) => d.deviceId === asking);
  return (
    <section className="card sync-wide" aria-labelledby="sync-devices">
      <h2 id="sync-devices">{t('sync.devices.title')}</h2>
      <table className="sync-table" data-testid="sync-devices">
        <thead>
          <tr>
            <th scope="col">{t('sync.devices.name')}</th>
            <th scope="col">{t('sync.devices.role')}</th>
            <th scope="col">{t('sync.devices.status')}</th>
            <th scope="col">{t('sync.devices.fingerprint')}</th>
            <th scope="col">
              <span className="sr-only">{t('sync.devices.remove')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {devices.map((d) => (
            <tr key={d.deviceId} data-device={d.deviceId}>
              <td>
                {d.label} {d.thisDevice && <span className="sync-muted">{t('sync.devices.thisDevice')}</span>}
              </td>
              <td>{t(d.role === 'admin' ? 'sync.role.admin' : 'sync.role.member')}</td>
              <td>{t(d.status === 'active' ? 'sync.devices.active' : 'sync.devices.removed')}</td>
              <td>
                <Fingerprint value={d.fingerprint} />
              </td>
              <td>
                {status.role === 'admin' && !d.thisDevice && d.status === 'active' && (
                  <button type="button" className="button-quiet" onClick={() => setAsking(d.deviceId)} disabled={busy} data-testid="sync-remove">
                    {t('sync.devices.remove')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {target && (
        <div className="confirm-box" role="alertdialog" aria-labelledby="sync-remove-question">
          <p id="sync-remove-question">{t('sync.devices.confirmRemove', { name: target.label })}</p>
          <div className="actions">
            <button
              type="button"
              className="button-danger"
              disabled={busy}
              onClick={() => {
                setAsking(null);
                void remove(target.deviceId);
              }}
              data-testid="sync-remove-confirm"
            >
              {t('sync.devices.remove')}
            </button>
            <button type="button" className="button-secondary" onClick={() => setAsking(null)}>
              {t('sync.link.cancel')}
            </button>
          </div>
        </div>
      )}
      <div role="status">{notice === 'removed' && <p className="success">{t('sync.devices.removedDone')}</p>}</div>
    </section>
  );
}

function LinkDevice() {
  const t = useT();
  const busy = useSync((s) => s.busy);
  const candidate = useSync((s) => s.candidate);
  const lookup = useSync((s) => s.lookup);
  const approve = useSync((s) => s.approve);
  const cancel = useSync((s) => s.cancelLink);
  const notice = useSync((s) => s.notice);
  const [code, setCode] = useState('');
  const [label, setLabel] = useState('');
  const [role, setRole] = useState<'admin' | 'member'>('member');
  return (
    <section className="card sync-wide" aria-labelledby="sync-link">
      <h2 id="sync-link">{t('sync.link.title')}</h2>
      <p>{t('sync.link.help')}</p>
      {!candidate ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (code.trim().length >= 10) void lookup(code.trim());
          }}
          noValidate
        >
          <div className="field">
            <label htmlFor="link-code">{t('sync.link.code')}</label>
            <div className="inline-row">
              <input id="link-code" type="text" className="sync-code-input" value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" spellCheck={false} data-testid="sync-link-code" />
              <button type="submit" className="button-primary sync-nowrap" disabled={busy || code.trim().length < 10} data-testid="sync-link-lookup">
                {t('sync.link.lookup')}
              </button>
            </div>
          </div>
        </form>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (label.trim()) void approve(label.trim(), role).then(() => setCode(''));
          }}
          noValidate
        >
          <p>{t('sync.link.compare')}</p>
          <Fingerprint value={candidate.fingerprint} testId="sync-link-fingerprint" />
          <div className="field">
            <label htmlFor="link-label">{t('sync.link.label')}</label>
            <input id="link-label" type="text" value={label} maxLength={64} onChange={(e) => setLabel(e.target.value)} data-testid="sync-link-label" />
          </div>
          <div className="field">
            <label htmlFor="link-role">{t('sync.link.role')}</label>
            <select id="link-role" value={role} onChange={(e) => setRole(e.target.value === 'admin' ? 'admin' : 'member')}>
              <option value="member">{t('sync.role.member')}</option>
              <option value="admin">{t('sync.role.admin')}</option>
            </select>
          </div>
          <div className="actions">
            <button type="submit" className="button-primary" disabled={busy || !label.trim()} data-testid="sync-link-approve">
              {t('sync.link.approve')}
            </button>
            <button type="button" className="button-secondary" onClick={cancel}>
              {t('sync.link.cancel')}
            </button>
          </div>
        </form>
      )}
      <div role="status">{notice === 'linked' && <p className="success">{t('sync.link.done')}</p>}</div>
    </section>
  );
}
