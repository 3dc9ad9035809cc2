import { LOCALES, LOCALE_NAMES, isLocale } from '../../shared/i18n';
import { useVault } from '../features/vault/store';
import { useI18n, useT } from './i18n-store';
import { useNav } from './nav';
import { lockNow } from './session';
import { useUpdates } from '../features/updates/store';
import { QuickExitButton } from '../features/quick-exit/QuickExit';
import { SyncIndicator } from '../features/sync/SyncIndicator';

export function Header() {
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const setLocale = useI18n((s) => s.setLocale);
  const status = useVault((s) => s.status);
  const showingKey = useVault((s) => s.recoveryKey !== null);
  const view = useNav((s) => s.view);
  const go = useNav((s) => s.go);
  const unlocked = status?.state === 'unlocked';
  // Only where updates run (packaged desktop app); elsewhere the page would only say "off".
  const updatesEnabled = useUpdates((s) => s.status?.enabled === true);

  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          安
        </span>
        <span className="brand-name" data-testid="app-title">
          {t('app.name')}
        </span>
      </div>

      {unlocked && !showingKey && (
        <nav className="header-nav" aria-label={t('app.name')}>
          <button
            type="button"
            className="nav-link"
            aria-current={view === 'cases' ? 'page' : undefined}
            onClick={() => go('cases')}
            data-testid="nav-cases"
          >
            {t('header.cases')}
          </button>
          <button
            type="button"
            className="nav-link"
            aria-current={view === 'interviews' ? 'page' : undefined}
            onClick={() => go('interviews')}
            data-testid="nav-interviews"
          >
            {t('notes.nav')}
          </button>
          <button
            type="button"
            className="nav-link"
            aria-current={view === 'directory' ? 'page' : undefined}
            onClick={() => go('directory')}
            data-testid="nav-directory"
          >
            {t('directory.nav')}
          </button>
          <button
            type="button"
            className="nav-link"
            aria-current={view === 'referrals' || view === 'network' || view === 'referral-templates' ? 'page' : undefined}
            onClick={() => go('referrals')}
            data-testid="nav-referrals"
          >
            {t('referrals.nav')}
          </button>
          <button
            type="button"
            className="nav-link"
            aria-current={view === 'settings' ? 'page' : undefined}
            onClick={() => go('settings')}
            data-testid="nav-settings"
          >
            {t('header.settings')}
          </button>
          {updatesEnabled && (
            <button
              type="button"
              className="nav-link"
              aria-current={view === 'updates' ? 'page' : undefined}
              onClick={() => go('updates')}
              data-testid="nav-updates"
            >
              {t('desktop.updates.nav')}
            </button>
          )}
          <button type="button" className="nav-link" aria-current={view === 'sync' ? 'page' : undefined} onClick={() => go('sync')} data-testid="nav-sync">
            {t('sync.nav')}
          </button>
        </nav>
      )}

      <div className="header-tools">
        {unlocked && !showingKey && <SyncIndicator />}
        <label className="language">
          <span className="sr-only">{t('header.language')}</span>
          <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18" className="icon">
            <circle cx="12" cy="12" r="9" />
            <path d="M3 12h18M12 3c2.5 2.7 3.8 5.7 3.8 9s-1.3 6.3-3.8 9c-2.5-2.7-3.8-5.7-3.8-9S9.5 5.7 12 3z" />
          </svg>
          <select
            value={locale}
            onChange={(e) => {
              if (isLocale(e.target.value)) setLocale(e.target.value);
            }}
            data-testid="language-select"
          >
            {LOCALES.map((l) => (
              <option key={l} value={l} lang={l}>
                {LOCALE_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
        {unlocked && (
          <>
            <span className="profile-name" data-testid="profile-name">
              {t('header.signedInAs', { name: status.displayName ?? '' })}
            </span>
            <button
              type="button"
              className="lock-button"
              onClick={() => void lockNow('manual')}
              title={t('header.lockTitle')}
              aria-keyshortcuts="Control+L Meta+L"
              data-testid="lock-button"
            >
              <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18" className="icon">
                <rect x="5" y="11" width="14" height="10" rx="2" />
                <path d="M8 11V8a4 4 0 0 1 8 0v3" />
              </svg>
              {t('header.lock')}
            </button>
          </>
        )}
        <QuickExitButton />
      </div>
    </header>
  );
}
