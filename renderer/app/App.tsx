import { useEffect } from 'react';
import { CasesScreen } from '../features/cases/CasesScreen';
import { CreateVault } from '../features/vault/CreateVault';
import { RecoveryKey, RecoveryPrompt } from '../features/vault/RecoveryKey';
import { Settings } from '../features/vault/Settings';
import { Unlock } from '../features/vault/Unlock';
import { useVault } from '../features/vault/store';
import { GlobalNotices } from './ErrorBanner';
import { Header } from './Header';
import { useI18n, useT } from './i18n-store';
import { useNav } from './nav';
import { useSessionWiring } from './session';

/** Which screen, from the vault state alone: there is no URL routing to get out of step. */
function Screen() {
  const t = useT();
  const phase = useVault((s) => s.phase);
  const init = useVault((s) => s.init);
  const profiles = useVault((s) => s.profiles);
  const status = useVault((s) => s.status);
  const recoveryKey = useVault((s) => s.recoveryKey);
  const recoveryDeferred = useVault((s) => s.recoveryDeferred);
  const creatingProfile = useVault((s) => s.creatingProfile);
  const view = useNav((s) => s.view);

  if (phase === 'loading') return <p className="splash">{t('app.loading')}</p>;
  if (phase === 'failed') {
    return (
      <div className="splash">
        <button type="button" className="button-primary" onClick={() => void init()}>
          {t('app.retry')}
        </button>
      </div>
    );
  }
  if (status?.state === 'unlocked') {
    if (recoveryKey) return <RecoveryKey />;
    if (!status.recoveryKeyConfirmed && !recoveryDeferred) return <RecoveryPrompt />;
    return view === 'settings' ? <Settings /> : <CasesScreen />;
  }
  if (profiles.length === 0 || creatingProfile) return <CreateVault />;
  return <Unlock />;
}

export function App() {
  useSessionWiring();
  const init = useVault((s) => s.init);
  const loadSavedLocale = useI18n((s) => s.loadSaved);
  useEffect(() => {
    void loadSavedLocale();
    void init();
  }, [init, loadSavedLocale]);

  return (
    <>
      <Header />
      <main id="main" className="app-main">
        <GlobalNotices />
        <Screen />
      </main>
    </>
  );
}
