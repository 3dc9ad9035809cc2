import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAnxinMain, type AnxinMain } from '../../main/app';
import { KDF_FLOOR } from '../../main/services/crypto';
import type { Timers } from '../../main/services/idle-lock';
import { makeTempDir } from '../helpers/temp-dir';
import type { Result } from '../../shared/result';

const PASS = 'correct horse battery staple 安心';

/** Manual timers: the test decides when the idle period has passed. */
function manualTimers() {
  const pending = new Map<number, { fn: () => void; ms: number }>();
  let next = 1;
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      pending.set(next, { fn, ms });
      return next++;
    },
    clearTimeout: (h) => pending.delete(h as number)
  };
  return {
    timers,
    armed: () => [...pending.values()].map((p) => p.ms),
    fireAll: () => {
      const due = [...pending.values()];
      pending.clear();
      due.forEach((p) => p.fn());
    }
  };
}

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}

describe('main process without Electron', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let app: AnxinMain;
  let events: Array<{ name: string; payload: unknown }>;
  let clock: ReturnType<typeof manualTimers>;

  beforeEach(async () => {
    tmp = makeTempDir();
    events = [];
    clock = manualTimers();
    app = await createAnxinMain({
      dataDir: tmp.dir,
      shell: 'browser',
      kdfParams: KDF_FLOOR,
      timers: clock.timers,
      emit: (name, payload) => events.push({ name, payload })
    });
  });
  afterEach(async () => {
    await app.close();
    tmp.cleanup();
  });

  it('creates a vault, keeps cases across lock and unlock, refuses a wrong passphrase', async () => {
    const created = value(await app.dispatch('vault:create', { displayName: 'Marie', passphrase: PASS })) as {
      status: { state: string; profileId: string; recoveryKeyConfirmed: boolean };
      recoveryKey: string;
    };
    expect(created.status.state).toBe('unlocked');
    expect(created.status.recoveryKeyConfirmed).toBe(false);
    value(await app.dispatch('vault:confirmRecoveryKey', { recoveryKey: created.recoveryKey.toLowerCase().replaceAll('-', ' ') }));
    expect((value(await app.dispatch('vault:status', {})) as { recoveryKeyConfirmed: boolean }).recoveryKeyConfirmed).toBe(true);

    const c = value(await app.dispatch('cases:create', { fields: { pseudonym: 'Lotus', status: 'open', summary: '第一次面谈' } })) as { id: string };
    value(await app.dispatch('vault:lock', { reason: 'manual' }));
    expect(events).toContainEqual({ name: 'vault:locked', payload: { reason: 'manual' } });

    const locked = await app.dispatch('cases:list', {});
    expect(locked.ok ? 'ok' : locked.error.code).toBe('vault/locked');

    const wrong = await app.dispatch('vault:unlock', { profileId: created.status.profileId, passphrase: 'not it' });
    expect(wrong.ok ? 'ok' : wrong.error.code).toBe('vault/wrong-passphrase');

    value(await app.dispatch('vault:unlock', { profileId: created.status.profileId, passphrase: PASS }));
    const list = value(await app.dispatch('cases:list', {})) as Array<{ id: string; pseudonym: string }>;
    expect(list.map((x) => x.pseudonym)).toEqual(['Lotus']);
    const hits = value(await app.dispatch('search:query', { text: '面谈' })) as Array<{ id: string }>;
    expect(hits.map((h) => h.id)).toEqual([c.id]);
  });

  it('locks after the idle timeout, and activity restarts the countdown', async () => {
    value(await app.dispatch('vault:create', { displayName: 'Idle', passphrase: PASS }));
    value(await app.dispatch('vault:setIdleTimeout', { minutes: 2 }));
    expect(clock.armed()).toEqual([120_000]);
    value(await app.dispatch('session:activity', {}));
    expect(clock.armed()).toEqual([120_000]); // one countdown, restarted
    clock.fireAll();
    expect(events).toContainEqual({ name: 'vault:locked', payload: { reason: 'idle' } });
    expect((value(await app.dispatch('vault:status', {})) as { state: string }).state).toBe('locked');
  });

  it('keeps profiles apart: one person cannot open another person’s cases', async () => {
    const a = value(await app.dispatch('vault:create', { displayName: 'Anna', passphrase: PASS })) as { status: { profileId: string } };
    value(await app.dispatch('cases:create', { fields: { pseudonym: 'Only-Anna', status: 'open', summary: '' } }));
    const b = value(await app.dispatch('vault:create', { displayName: 'Bao', passphrase: `${PASS} B` })) as { status: { profileId: string } };
    expect(b.status.profileId).not.toBe(a.status.profileId);
    expect(value(await app.dispatch('cases:list', {}))).toEqual([]);
    const cross = await app.dispatch('vault:unlock', { profileId: a.status.profileId, passphrase: `${PASS} B` });
    expect(cross.ok ? 'ok' : cross.error.code).toBe('vault/wrong-passphrase');
    const profiles = value(await app.dispatch('vault:listProfiles', {})) as Array<{ displayName: string }>;
    expect(profiles.map((p) => p.displayName).sort()).toEqual(['Anna', 'Bao']);
  });

  it('keeps the UI language as a device preference, readable while locked', async () => {
    expect(value(await app.dispatch('prefs:get', {}))).toEqual({ locale: null });
    expect(value(await app.dispatch('prefs:set', { locale: 'zh-CN' }))).toEqual({ locale: 'zh-CN' });
    const again = await createAnxinMain({ dataDir: tmp.dir, shell: 'browser', kdfParams: KDF_FLOOR, emit: () => {} });
    expect(value(await again.dispatch('prefs:get', {}))).toEqual({ locale: 'zh-CN' });
    const bad = await again.dispatch('prefs:set', { locale: 'de' });
    expect(bad.ok ? 'ok' : bad.error.code).toBe('ipc/invalid-request');
    await again.close();
  });

  it('recovers with the recovery key after the passphrase is changed', async () => {
    const created = value(await app.dispatch('vault:create', { displayName: 'Chen', passphrase: PASS })) as {
      status: { profileId: string };
      recoveryKey: string;
    };
    const profileId = created.status.profileId;
    value(await app.dispatch('vault:changePassphrase', { currentPassphrase: PASS, newPassphrase: 'a whole new sentence for Chen 2026' }));
    value(await app.dispatch('vault:lock', { reason: 'shortcut' }));
    const old = await app.dispatch('vault:unlock', { profileId, passphrase: PASS });
    expect(old.ok ? 'ok' : old.error.code).toBe('vault/wrong-passphrase');
    value(await app.dispatch('vault:recover', { profileId, recoveryKey: created.recoveryKey, newPassphrase: 'third passphrase, long enough 42' }));
    value(await app.dispatch('vault:lock', { reason: 'manual' }));
    expect(value(await app.dispatch('vault:unlock', { profileId, passphrase: 'third passphrase, long enough 42' }))).toMatchObject({ state: 'unlocked' });
  });
});
