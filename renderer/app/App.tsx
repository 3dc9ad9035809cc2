import { useEffect } from 'react';
import { CasesScreen } from '../features/cases/CasesScreen';
import { NotesScreen } from '../features/notes/NotesScreen';
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
import { BlankScreen, useQuickExitWiring } from '../features/quick-exit/QuickExit';
import { useQuickExit } from '../features/quick-exit/store';
import { UpdateBanner, useDesktopWiring } from '../features/updates/UpdateBanner';
import { UpdatesScreen } from '../features/updates/UpdatesScreen';
import { DevicesScreen } from '../features/sync/DevicesScreen';
import { DirectoryScreen } from '../features/directory/DirectoryScreen';
import { ReferralsScreen } from '../features/referrals/ReferralsScreen';
import { TemplatesScreen as LetterTemplatesScreen } from '../features/referrals/TemplatesScreen';
import { NetworkScreen } from '../features/network/NetworkScreen';

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
    if (view === 'interviews') return <NotesScreen />;
    if (view === 'updates') return <UpdatesScreen />;
    if (view === 'sync') return <DevicesScreen />;
    if (view === 'directory') return <DirectoryScreen />;
    if (view === 'referrals') return <ReferralsScreen />;
    if (view === 'network') return <NetworkScreen />;
    if (view === 'referral-templates') return <LetterTemplatesScreen />;
    return view === 'settings' ? <Settings /> : <CasesScreen />;
  }
  if (profiles.length === 0 || creatingProfile) return <CreateVault />;
  return <Unlock />;
}

export function App() {
  useSessionWiring();
  useQuickExitWiring();
  useDesktopWiring();
  const blanked = useQuickExit((s) => s.blanked);
  const init = useVault((s) => s.init);
  const loadSavedLocale = useI18n((s) => s.loadSaved);
  useEffect(() => {
    void loadSavedLocale();
    void init();
  }, [init, loadSavedLocale]);

  if (blanked) return <BlankScreen />;
  return (
    <>
      <Header />
      <main id="main" className="app-main">
        <GlobalNotices />
        <UpdateBanner />
        <Screen />
      </main>
    </>
  );
}
