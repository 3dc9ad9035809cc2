import { describe, expect, it, vi } from 'vitest';
import type { AnxinApi } from '../../shared/ipc/api';
import type { VaultStatus } from '../../shared/ipc/contract';
import { createVaultStore } from '../../renderer/features/vault/store';
import { normalizeRecoveryKey, recoveryKeyGroups } from '../../renderer/features/vault/recovery-key-text';

const KEY = '7KQ2-M9XD-AB12-CDEF-GH34-JK56-MN78-PQRS';
const status = (over: Partial<VaultStatus> = {}): VaultStatus => ({
  state: 'unlocked',
  profileId: '0123456789abcdef',
  displayName: 'Mei',
  recoveryKeyConfirmed: false,
  idleTimeoutMinutes: 5,
  ...over
});

function fakeApi() {
  return {
    vault: {
      listProfiles: vi.fn(async () => ({ ok: true as const, value: [] })),
      create: vi.fn(async () => ({ ok: true as const, value: { status: status(), recoveryKey: KEY } })),
      confirmRecoveryKey: vi.fn(async () => ({ ok: true as const, value: status({ recoveryKeyConfirmed: true }) }))
    }
  };
}

describe('recovery key text', () => {
  it('forgives case, spaces, dashes, full-width characters and O/I/L', () => {
    expect(normalizeRecoveryKey(' 7kq2 m9xd ab12–cdef gh34 jk56 mn78 pqrs ')).toBe(normalizeRecoveryKey(KEY));
    expect(normalizeRecoveryKey('７KQ２M9XDAB12CDEFGH34JK56MN78PQRS')).toBe(normalizeRecoveryKey(KEY));
    expect(normalizeRecoveryKey('AB1O')).toBe(normalizeRecoveryKey('ABL0'));
  });

  it('groups a key for display', () => {
    expect(recoveryKeyGroups(KEY)).toHaveLength(8);
    expect(recoveryKeyGroups('ABCDEFGH')).toEqual(['ABCD', 'EFGH']);
  });
});

describe('vault store', () => {
  it('holds the recovery key after create and drops it once confirmed', async () => {
    const api = fakeApi();
    const store = createVaultStore(() => api as unknown as AnxinApi);
    await store.getState().create('Mei', 'a long enough passphrase');
    expect(store.getState().recoveryKey).toBe(KEY);

    expect(await store.getState().confirmRecoveryKey('7KQ2-M9XD-WRONG')).toBe(false);
    expect(api.vault.confirmRecoveryKey).not.toHaveBeenCalled();

    const result = await store.getState().confirmRecoveryKey(KEY.toLowerCase().replace(/-/g, ' '));
    expect(result && result.ok).toBe(true);
    expect(store.getState().recoveryKey).toBeNull();
    expect(store.getState().status?.recoveryKeyConfirmed).toBe(true);
  });

  it('forgets the recovery key on lock', async () => {
    const api = fakeApi();
    const store = createVaultStore(() => api as unknown as AnxinApi);
    await store.getState().create('Mei', 'a long enough passphrase');
    store.getState().markLocked('idle');
    expect(store.getState().recoveryKey).toBeNull();
    expect(store.getState().status?.state).toBe('locked');
    expect(store.getState().lockReason).toBe('idle');
  });
});
