/**
 * The vault against real files in a fresh temp directory, with real Argon2id at KDF_FLOOR.
 * Header tampering and format checks are in vault-header.test.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { KDF_FLOOR, initCrypto, randomKey, toBase64, toHex } from '../../main/services/crypto';
import { parseRecoveryKey } from '../../main/services/recovery-key';
import { attemptDelayMs, createVault, type VaultOptions } from '../../main/services/vault';

vi.setConfig({ testTimeout: 60_000 });

const PASS_A = 'violet tractor sunset kettle';
const PASS_B = 'amber lantern orbit meadow';
const PASS_C = '我的小猫喜欢在窗台上晒太阳';
const WRONG = 'definitely not her passphrase';

let dataDir: string;
let clock: { t: number };
const options = (extra: Partial<VaultOptions> = {}): VaultOptions => ({
  dataDir,
  kdfParams: KDF_FLOOR,
  now: () => clock.t,
  ...extra
});
const headerFile = (profileId: string) => path.join(dataDir, 'profiles', profileId, 'vault.json');
const readHeaderJson = (profileId: string) => JSON.parse(fs.readFileSync(headerFile(profileId), 'utf8'));

beforeAll(async () => {
  await initCrypto();
});

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anxin-vault-'));
  clock = { t: Date.UTC(2025, 0, 15, 9, 0, 0) };
});

afterEach(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('create and unlock', () => {
  it('gives back the same master key, and describes the profile', async () => {
    const vault = createVault(options());
    const { vault: created, recoveryKey } = await vault.create('  Li Mei  ', PASS_A);
    expect(created.profileId).toMatch(/^[0-9a-f]{16}$/);
    expect(created.displayName).toBe('Li Mei');
    expect(created.profileDir).toBe(path.join(dataDir, 'profiles', created.profileId));
    expect(created.masterKey).toHaveLength(32);
    expect(created.recoveryKeyConfirmed).toBe(false);
    expect(created.idleTimeoutMinutes).toBe(5);
    expect(parseRecoveryKey(recoveryKey)).not.toBeNull();

    const unlocked = await createVault(options()).unlock(created.profileId, PASS_A);
    expect(toHex(unlocked.masterKey)).toBe(toHex(created.masterKey));
    expect(unlocked).toMatchObject({ profileId: created.profileId, displayName: 'Li Mei', profileDir: created.profileDir });

    expect(vault.listProfiles()).toEqual([
      { id: created.profileId, displayName: 'Li Mei', createdAt: '2025-01-15T09:00:00.000Z' }
    ]);
  });

  it('refuses a wrong passphrase', async () => {
    const vault = createVault(options());
    const { vault: v } = await vault.create('Li Mei', PASS_A);
    await expect(vault.unlock(v.profileId, WRONG)).rejects.toMatchObject({ code: 'vault/wrong-passphrase' });
    await expect(vault.unlock(v.profileId, PASS_A.toUpperCase())).rejects.toMatchObject({
      code: 'vault/wrong-passphrase'
    });
  });

  it('accepts a Chinese passphrase', async () => {
    const vault = createVault(options());
    const { vault: v } = await vault.create('王芳', PASS_C);
    expect(toHex((await vault.unlock(v.profileId, PASS_C)).masterKey)).toBe(toHex(v.masterKey));
  });

  it('refuses a weak passphrase and leaves nothing behind', async () => {
    const vault = createVault(options());
    await expect(vault.create('Li Mei', 'password1234')).rejects.toMatchObject({ code: 'vault/weak-passphrase' });
    await expect(vault.create('Li Mei', 'short')).rejects.toMatchObject({ code: 'vault/weak-passphrase' });
    expect(vault.listProfiles()).toEqual([]);
    const profiles = path.join(dataDir, 'profiles');
    expect(fs.existsSync(profiles) ? fs.readdirSync(profiles) : []).toEqual([]);
  });

  it('refuses a duplicate display name, ignoring case and surrounding spaces', async () => {
    const vault = createVault(options());
    await vault.create('Li Mei', PASS_A);
    await expect(vault.create(' li mei ', PASS_B)).rejects.toMatchObject({ code: 'vault/profile-exists' });
    await expect(vault.create('ＬＩ ＭＥＩ', PASS_B)).rejects.toMatchObject({ code: 'vault/profile-exists' });
    await expect(vault.create('   ', PASS_B)).rejects.toMatchObject({ code: 'ipc/invalid-request' });
    expect(vault.listProfiles()).toHaveLength(1);
  });

  it('answers profile-not-found for unknown or malformed ids', async () => {
    const vault = createVault(options());
    await expect(vault.unlock('0123456789abcdef', PASS_A)).rejects.toMatchObject({ code: 'vault/profile-not-found' });
    await expect(vault.unlock('../../etc', PASS_A)).rejects.toMatchObject({ code: 'vault/profile-not-found' });
    await expect(vault.confirmRecoveryKey('ABCDEF0123456789', 'x')).rejects.toMatchObject({
      code: 'vault/profile-not-found'
    });
  });

  it('refuses to be configured below the KDF floor', () => {
    expect(() => createVault(options({ kdfParams: { opsLimit: 1, memLimitBytes: 8 * 1024 * 1024 } }))).toThrow(
      expect.objectContaining({ code: 'vault/kdf-below-floor' })
    );
  });
});

describe('passphrase change and recovery', () => {
  it('change: the old passphrase no longer unlocks, the new one does, the recovery key still does (GUIDE §4.6)', async () => {
    const vault = createVault(options());
    const { vault: v, recoveryKey } = await vault.create('Li Mei', PASS_A);
    await vault.changePassphrase(v.profileId, PASS_A, PASS_B);

    await expect(vault.unlock(v.profileId, PASS_A)).rejects.toMatchObject({ code: 'vault/wrong-passphrase' });
    expect(toHex((await vault.unlock(v.profileId, PASS_B)).masterKey)).toBe(toHex(v.masterKey));
    const recovered = await vault.recover(v.profileId, recoveryKey, PASS_C);
    expect(toHex(recovered.masterKey)).toBe(toHex(v.masterKey));
  });

  it('change: refuses a wrong current passphrase and a weak new one, changing nothing', async () => {
    const vault = createVault(options());
    const { vault: v } = await vault.create('Li Mei', PASS_A);
    const before = readHeaderJson(v.profileId).passphrase;
    await expect(vault.changePassphrase(v.profileId, WRONG, PASS_B)).rejects.toMatchObject({
      code: 'vault/wrong-passphrase'
    });
    await expect(vault.changePassphrase(v.profileId, PASS_A, 'abcdefghijkl')).rejects.toMatchObject({
      code: 'vault/weak-passphrase'
    });
    expect(readHeaderJson(v.profileId).passphrase).toEqual(before);
    await expect(vault.unlock(v.profileId, PASS_A)).resolves.toBeTruthy();
  });

  it('recover sets a new passphrase and keeps the recovery key valid', async () => {
    const vault = createVault(options());
    const { vault: v, recoveryKey } = await vault.create('Li Mei', PASS_A);
    // Typed back from paper: lower case, no dashes, O for 0.
    const typed = recoveryKey.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o');
    const recovered = await vault.recover(v.profileId, typed, PASS_B);
    expect(toHex(recovered.masterKey)).toBe(toHex(v.masterKey));
    expect(recovered.recoveryKeyConfirmed).toBe(true);

    await expect(vault.unlock(v.profileId, PASS_A)).rejects.toMatchObject({ code: 'vault/wrong-passphrase' });
    expect(toHex((await vault.unlock(v.profileId, PASS_B)).masterKey)).toBe(toHex(v.masterKey));
    await expect(vault.confirmRecoveryKey(v.profileId, recoveryKey)).resolves.toBeUndefined();
  });

  it('recover refuses a wrong or malformed recovery key, and a weak new passphrase', async () => {
    const vault = createVault(options());
    const { vault: v, recoveryKey } = await vault.create('Li Mei', PASS_A);
    const other = await createVault(options()).create('Zhang Wei', PASS_B);
    await expect(vault.recover(v.profileId, other.recoveryKey, PASS_C)).rejects.toMatchObject({
      code: 'vault/wrong-recovery-key'
    });
    await expect(vault.recover(v.profileId, 'ABCD-EFGH', PASS_C)).rejects.toMatchObject({
      code: 'vault/wrong-recovery-key',
      details: { malformed: true }
    });
    await expect(vault.recover(v.profileId, recoveryKey, 'qwertyuiop12')).rejects.toMatchObject({
      code: 'vault/weak-passphrase'
    });
    await expect(vault.unlock(v.profileId, PASS_A)).resolves.toBeTruthy();
  });

  it('rotating the recovery key invalidates the old one and marks the new one unconfirmed', async () => {
    const vault = createVault(options());
    const { vault: v, recoveryKey: oldKey } = await vault.create('Li Mei', PASS_A);
    await vault.confirmRecoveryKey(v.profileId, oldKey);
    expect((await vault.unlock(v.profileId, PASS_A)).recoveryKeyConfirmed).toBe(true);

    const newKey = await vault.rotateRecoveryKey(v.profileId, v.masterKey);
    expect(newKey).not.toBe(oldKey);
    expect((await vault.unlock(v.profileId, PASS_A)).recoveryKeyConfirmed).toBe(false);
    await expect(vault.confirmRecoveryKey(v.profileId, oldKey)).rejects.toMatchObject({
      code: 'vault/wrong-recovery-key'
    });
    await expect(vault.recover(v.profileId, oldKey, PASS_B)).rejects.toMatchObject({ code: 'vault/wrong-recovery-key' });

    await vault.confirmRecoveryKey(v.profileId, newKey);
    expect((await vault.unlock(v.profileId, PASS_A)).recoveryKeyConfirmed).toBe(true);
    expect(toHex((await vault.recover(v.profileId, newKey, PASS_B)).masterKey)).toBe(toHex(v.masterKey));
  });

  it('refuses to rotate the recovery key with a key that is not this profile’s', async () => {
    const vault = createVault(options());
    const { vault: v, recoveryKey } = await vault.create('Li Mei', PASS_A);
    await expect(vault.rotateRecoveryKey(v.profileId, randomKey())).rejects.toMatchObject({ code: 'vault/locked' });
    await expect(vault.rotateRecoveryKey(v.profileId, new Uint8Array(16))).rejects.toMatchObject({
      code: 'vault/locked'
    });
    await expect(vault.confirmRecoveryKey(v.profileId, recoveryKey)).resolves.toBeUndefined();
  });
});

describe('failed attempts', () => {
  it('computes the delay: three free, then 2^(n-3) s, capped at 15 minutes', () => {
    expect([0, 1, 2, 3].map(attemptDelayMs)).toEqual([0, 0, 0, 0]);
    expect([4, 5, 6, 12].map(attemptDelayMs)).toEqual([2_000, 4_000, 8_000, 512_000]);
    expect(attemptDelayMs(13)).toBe(15 * 60_000);
    expect(attemptDelayMs(10_000)).toBe(15 * 60_000);
  });

  it('grows the delay, persists it across restarts, and resets on success', async () => {
    const vault = createVault(options());
    const { vault: v } = await vault.create('Li Mei', PASS_A);
    const id = v.profileId;

    for (let n = 1; n <= 3; n++) {
      await expect(vault.unlock(id, WRONG)).rejects.toMatchObject({
        code: 'vault/wrong-passphrase',
        details: { failedAttempts: n, retryAfterMs: 0 }
      });
    }
    await expect(vault.unlock(id, WRONG)).rejects.toMatchObject({
      code: 'vault/wrong-passphrase',
      details: { failedAttempts: 4, retryAfterMs: 2_000 }
    });

    // Even the right passphrase is not tried while the wait runs; the counter does not move.
    await expect(vault.unlock(id, PASS_A)).rejects.toMatchObject({
      code: 'vault/too-many-attempts',
      details: { retryAfterMs: 2_000 }
    });
    clock.t += 1_999;
    await expect(vault.unlock(id, PASS_A)).rejects.toMatchObject({
      code: 'vault/too-many-attempts',
      details: { retryAfterMs: 1 }
    });
    expect(readHeaderJson(id).attempts.passphrase.failures).toBe(4);

    // A restart (new instance, same files) does not reset it.
    await expect(createVault(options()).unlock(id, PASS_A)).rejects.toMatchObject({ code: 'vault/too-many-attempts' });
    // Nor does changing the passphrase through the back door.
    await expect(createVault(options()).changePassphrase(id, PASS_A, PASS_B)).rejects.toMatchObject({
      code: 'vault/too-many-attempts'
    });

    clock.t += 1;
    await expect(createVault(options()).unlock(id, WRONG)).rejects.toMatchObject({
      details: { failedAttempts: 5, retryAfterMs: 4_000 }
    });
    clock.t += 3_000;
    await expect(vault.unlock(id, PASS_A)).rejects.toMatchObject({
      code: 'vault/too-many-attempts',
      details: { retryAfterMs: 1_000 }
    });
    clock.t += 1_000;
    expect(toHex((await vault.unlock(id, PASS_A)).masterKey)).toBe(toHex(v.masterKey));
    expect(readHeaderJson(id).attempts.passphrase).toEqual({ failures: 0, lastFailureAt: null });
    await expect(vault.unlock(id, WRONG)).rejects.toMatchObject({ details: { failedAttempts: 1, retryAfterMs: 0 } });
  });

  it('waits at most one delay when the clock goes backwards', async () => {
    const vault = createVault(options());
    const { vault: v } = await vault.create('Li Mei', PASS_A);
    for (let n = 1; n <= 4; n++) await expect(vault.unlock(v.profileId, WRONG)).rejects.toBeTruthy();
    clock.t -= 24 * 3600_000;
    await expect(vault.unlock(v.profileId, PASS_A)).rejects.toMatchObject({
      code: 'vault/too-many-attempts',
      details: { retryAfterMs: 2_000 }
    });
    clock.t += 2_000;
    await expect(vault.unlock(v.profileId, PASS_A)).resolves.toBeTruthy();
  });

  it('keeps a separate counter for the recovery key, so a locked-out person can still recover', async () => {
    const vault = createVault(options());
    const { vault: v, recoveryKey } = await vault.create('Li Mei', PASS_A);
    const other = await vault.create('Zhang Wei', PASS_B);
    for (let n = 1; n <= 4; n++) await expect(vault.unlock(v.profileId, WRONG)).rejects.toBeTruthy();
    await expect(vault.unlock(v.profileId, PASS_A)).rejects.toMatchObject({ code: 'vault/too-many-attempts' });

    // The other profile is not affected.
    await expect(vault.unlock(other.vault.profileId, PASS_B)).resolves.toBeTruthy();

    const recovered = await vault.recover(v.profileId, recoveryKey, PASS_C);
    expect(toHex(recovered.masterKey)).toBe(toHex(v.masterKey));
    // Recovery proved ownership: both counters are reset.
    await expect(vault.unlock(v.profileId, PASS_C)).resolves.toBeTruthy();

    // Wrong recovery keys have their own growing delay.
    for (let n = 1; n <= 4; n++) {
      await expect(vault.confirmRecoveryKey(v.profileId, other.recoveryKey)).rejects.toMatchObject({
        code: 'vault/wrong-recovery-key',
        details: { failedAttempts: n }
      });
    }
    await expect(vault.recover(v.profileId, recoveryKey, PASS_A)).rejects.toMatchObject({
      code: 'vault/too-many-attempts',
      details: { retryAfterMs: 2_000 }
    });
    await expect(vault.unlock(v.profileId, PASS_C)).resolves.toBeTruthy();
  });
});

describe('files on disk', () => {
  it('keeps no passphrase, master key or recovery key in the header', async () => {
    const marker = 'QUOKKA-7731-MARKER';
    const passphrase = `${marker} violet tractor`;
    const vault = createVault(options());
    const { vault: v, recoveryKey } = await vault.create('Li Mei', passphrase);
    await vault.changePassphrase(v.profileId, passphrase, `${marker} amber lantern`);
    await vault.rotateRecoveryKey(v.profileId, v.masterKey);

    const files = fs.readdirSync(v.profileDir);
    expect(files).toEqual(['vault.json']); // no temp file left behind
    const text = fs.readFileSync(headerFile(v.profileId), 'utf8');
    const key = Buffer.from(v.masterKey);
    for (const secret of [
      marker,
      marker.toLowerCase(),
      toHex(v.masterKey),
      toHex(v.masterKey).toUpperCase(),
      toBase64(v.masterKey),
      key.toString('base64url'),
      recoveryKey,
      recoveryKey.replace(/-/g, '')
    ]) {
      expect(text.includes(secret), secret).toBe(false);
    }
    const raw = fs.readFileSync(headerFile(v.profileId));
    expect(raw.includes(key)).toBe(false);
    expect(raw.includes(key.subarray(0, 8))).toBe(false);
  });

  it('writes the header readable by its owner only', async () => {
    if (process.platform === 'win32') return;
    const vault = createVault(options());
    const { vault: v } = await vault.create('Li Mei', PASS_A);
    expect(fs.statSync(headerFile(v.profileId)).mode & 0o777).toBe(0o600);
    expect(fs.statSync(v.profileDir).mode & 0o077).toBe(0);
  });

  it('keeps two profiles independent', async () => {
    const vault = createVault(options());
    const a = await vault.create('Li Mei', PASS_A);
    const b = await vault.create('Zhang Wei', PASS_A); // same passphrase on purpose
    expect(a.vault.profileId).not.toBe(b.vault.profileId);
    expect(toHex(a.vault.masterKey)).not.toBe(toHex(b.vault.masterKey));
    expect(a.recoveryKey).not.toBe(b.recoveryKey);
    expect(toHex((await vault.unlock(b.vault.profileId, PASS_A)).masterKey)).toBe(toHex(b.vault.masterKey));

    await vault.changePassphrase(a.vault.profileId, PASS_A, PASS_B);
    await expect(vault.unlock(b.vault.profileId, PASS_A)).resolves.toBeTruthy();
    await expect(vault.recover(a.vault.profileId, b.recoveryKey, PASS_C)).rejects.toMatchObject({
      code: 'vault/wrong-recovery-key'
    });
    await vault.setIdleTimeoutMinutes(a.vault.profileId, 30);
    expect((await vault.unlock(b.vault.profileId, PASS_A)).idleTimeoutMinutes).toBe(5);
  });

  it('lists profiles sorted by name, skipping anything unreadable', async () => {
    const vault = createVault(options());
    expect(vault.listProfiles()).toEqual([]); // no data directory content yet
    const zhang = await vault.create('Zhang Wei', PASS_A);
    const an = await vault.create('an Ning', PASS_B);
    const li = await vault.create('Li Mei', PASS_C);

    const profiles = path.join(dataDir, 'profiles');
    fs.mkdirSync(path.join(profiles, 'not-a-profile'));
    fs.writeFileSync(path.join(profiles, 'not-a-profile', 'vault.json'), '{}');
    fs.mkdirSync(path.join(profiles, 'aaaaaaaaaaaaaaaa')); // half-created: no header
    fs.mkdirSync(path.join(profiles, 'bbbbbbbbbbbbbbbb'));
    fs.writeFileSync(path.join(profiles, 'bbbbbbbbbbbbbbbb', 'vault.json'), '\u0000\u0001garbage');
    fs.mkdirSync(path.join(profiles, 'cccccccccccccccc'));
    fs.mkdirSync(path.join(profiles, 'cccccccccccccccc', 'vault.json')); // a directory where the file should be
    fs.writeFileSync(path.join(profiles, 'dddddddddddddddd'), 'a file, not a directory');
    // A copied header whose id does not match its directory.
    fs.mkdirSync(path.join(profiles, 'eeeeeeeeeeeeeeee'));
    fs.copyFileSync(headerFile(li.vault.profileId), path.join(profiles, 'eeeeeeeeeeeeeeee', 'vault.json'));

    expect(createVault(options()).listProfiles().map((p) => [p.id, p.displayName])).toEqual([
      [an.vault.profileId, 'an Ning'],
      [li.vault.profileId, 'Li Mei'],
      [zhang.vault.profileId, 'Zhang Wei']
    ]);
  });

  it('stores the idle timeout preference', async () => {
    const vault = createVault(options());
    const { vault: v } = await vault.create('Li Mei', PASS_A);
    await vault.setIdleTimeoutMinutes(v.profileId, 15);
    expect((await createVault(options()).unlock(v.profileId, PASS_A)).idleTimeoutMinutes).toBe(15);
    for (const bad of [0, -5, 241, 2.5, Number.NaN]) {
      await expect(vault.setIdleTimeoutMinutes(v.profileId, bad)).rejects.toMatchObject({ code: 'ipc/invalid-request' });
    }
    expect(readHeaderJson(v.profileId).idleTimeoutMinutes).toBe(15);
  });
});
