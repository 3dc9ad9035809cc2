/**
 * The vault: one profile per person on a shared office computer, each with its own
 * passphrase, recovery key and random 256-bit master key (GUIDE §3).
 *
 *   passphrase --Argon2id(params, salt)--> KEK --XChaCha20-Poly1305--> master key
 *   recovery key (160 bits) --keyed BLAKE2b(salt)--> KEK --XChaCha20-Poly1305--> same master key
 *
 * Both wraps bind format version, profile id, purpose, KDF parameters and salt as associated
 * data (vault-header.ts), so a header edited to weaker parameters fails to open; parameters
 * below KDF_FLOOR are refused before any KDF runs.
 *
 * Failed attempts: the delay is enforced here, not in the UI, and persisted in the header so
 * a restart does not reset it. The passphrase and the recovery key have separate counters: a
 * person who has forgotten her passphrase and used up her tries is exactly the person who
 * needs the recovery key right now, and guessing a 160-bit key online is hopeless anyway.
 * A successful unlock by either path resets both. Honest limits: whoever can write the file
 * (or move the clock forward) can reset the counter; the delay slows guessing at the keyboard,
 * Argon2id is what slows guessing against a stolen file.
 *
 * Every method body runs synchronously to the end (no await inside): two calls cannot
 * interleave between reading and writing a header within one process.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { assessPassphrase } from '../../shared/passphrase-strength';
import {
  DecryptionError,
  KDF_DEFAULT,
  KDF_SALT_BYTES,
  type KdfParams,
  aeadOpen,
  aeadSeal,
  deriveKeyFromSecret,
  derivePassphraseKey,
  deriveSubkey,
  fromBase64,
  isBelowKdfFloor,
  randomBytes,
  randomKey,
  toBase64,
  toHex,
  unwrapKey,
  wipe,
  wrapKey
} from './crypto';
import { fsyncDirSync, writeFileAtomicSync } from './atomic-file';
import { generateRecoveryKey, parseRecoveryKey } from './recovery-key';
import {
  KDF_CEILING,
  PROFILE_ID_PATTERN,
  VAULT_FORMAT,
  VAULT_HEADER_FILE,
  VAULT_VERSION,
  type AttemptCounter,
  type PassphraseKdfParams,
  type RecoveryKdfParams,
  type VaultHeader,
  keyCheckAd,
  parseVaultHeader,
  passphraseWrapAd,
  recoveryWrapAd,
  serializeVaultHeader
} from './vault-header';

export type VaultOptions = {
  dataDir: string;
  /** Argon2id parameters for new wraps; default KDF_DEFAULT; tests pass KDF_FLOOR. */
  kdfParams?: KdfParams;
  /** Milliseconds since the epoch; tests pass a fake clock. */
  now?: () => number;
};

export type OpenedVault = {
  profileId: string;
  displayName: string;
  profileDir: string;
  /** Owned by the caller from here on: wipe it at lock. */
  masterKey: Uint8Array;
  recoveryKeyConfirmed: boolean;
  idleTimeoutMinutes: number;
};

export type ProfileInfo = { id: string; displayName: string; createdAt: string };

export type Vault = ReturnType<typeof createVault>;

export const DEFAULT_IDLE_TIMEOUT_MINUTES = 5;
export const MIN_IDLE_TIMEOUT_MINUTES = 1;
export const MAX_IDLE_TIMEOUT_MINUTES = 240;
export const MAX_DISPLAY_NAME_LENGTH = 60;
/** Failures 1..FREE_ATTEMPTS cost nothing; failure n after that waits 2^(n-3) s, capped. */
export const FREE_ATTEMPTS = 3;
export const MAX_ATTEMPT_DELAY_MS = 15 * 60 * 1000;

const RECOVERY_KDF_LABEL = 'vault-recovery';
const KEY_CHECK_CONTEXT = 'vaultchk';

type Method = 'passphrase' | 'recovery';

/** How long to wait after `failures` consecutive failures before the next attempt. */
export function attemptDelayMs(failures: number): number {
  if (failures <= FREE_ATTEMPTS) return 0;
  return Math.min(2 ** (failures - FREE_ATTEMPTS) * 1000, MAX_ATTEMPT_DELAY_MS);
}

export function profileDirFor(dataDir: string, profileId: string): string {
  return path.join(dataDir, 'profiles', profileId);
}

export function createVault(opts: VaultOptions) {
  const profilesDir = path.join(opts.dataDir, 'profiles');
  const now = opts.now ?? Date.now;
  const newWrapParams = opts.kdfParams ?? KDF_DEFAULT;
  if (isBelowKdfFloor(newWrapParams)) {
    throw new AppError('vault/kdf-below-floor', 'configured KDF parameters are below the built-in floor');
  }
  if (newWrapParams.opsLimit > KDF_CEILING.opsLimit || newWrapParams.memLimitBytes > KDF_CEILING.memLimitBytes) {
    throw new RangeError('configured KDF parameters are above the ceiling a header may hold');
  }

  // ---- header files ----

  function headerPath(profileId: string): string {
    return path.join(profileDirFor(opts.dataDir, profileId), VAULT_HEADER_FILE);
  }

  function readHeader(profileId: string): VaultHeader {
    // The id becomes a path: anything but 16 hex characters is not ours to look up.
    if (!PROFILE_ID_PATTERN.test(profileId)) throw notFound();
    let text: string;
    try {
      text = fs.readFileSync(headerPath(profileId), 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw notFound();
      throw error;
    }
    const header = parseVaultHeader(text);
    if (header.profileId !== profileId) {
      throw new AppError('vault/corrupt', 'vault header belongs to another profile');
    }
    return header;
  }

  function writeHeader(header: VaultHeader): void {
    writeFileAtomicSync(headerPath(header.profileId), serializeVaultHeader(header));
  }

  function notFound(): AppError {
    return new AppError('vault/profile-not-found', 'no such profile');
  }

  // ---- attempt counters ----

  function guardAttempts(header: VaultHeader, method: Method): void {
    const counter = header.attempts[method];
    const delay = attemptDelayMs(counter.failures);
    if (delay === 0 || counter.lastFailureAt === null) return;
    const t = now();
    if (counter.lastFailureAt > t) {
      // The clock went backwards: count the wait from now rather than lock her out for as
      // long as the clock jumped.
      counter.lastFailureAt = t;
      writeHeader(header);
    }
    const retryAfterMs = counter.lastFailureAt + delay - t;
    if (retryAfterMs > 0) {
      throw new AppError('vault/too-many-attempts', 'too many failed attempts; wait before trying again', {
        retryAfterMs
      });
    }
  }

  /** Persists one more failure; returns the new count. */
  function recordFailure(header: VaultHeader, method: Method): number {
    const failures = header.attempts[method].failures + 1;
    header.attempts[method] = { failures, lastFailureAt: now() };
    writeHeader(header);
    return failures;
  }

  /** Returns true if something changed (and the header must be written). */
  function resetAttempts(header: VaultHeader): boolean {
    const dirty = (c: AttemptCounter) => c.failures !== 0 || c.lastFailureAt !== null;
    const changed = dirty(header.attempts.passphrase) || dirty(header.attempts.recovery);
    header.attempts = freshAttempts();
    return changed;
  }

  // ---- wraps ----

  function wrapWithPassphrase(profileId: string, masterKey: Uint8Array, passphrase: string, params: KdfParams) {
    const kdf: PassphraseKdfParams = {
      algorithm: 'argon2id13',
      opsLimit: params.opsLimit,
      memLimitBytes: params.memLimitBytes,
      salt: toBase64(randomBytes(KDF_SALT_BYTES))
    };
    const kek = derivePassphraseKey(passphrase, fromBase64(kdf.salt), params);
    try {
      const sealed = wrapKey(kek, masterKey, passphraseWrapAd(profileId, kdf));
      return { kdf, nonce: toBase64(sealed.nonce), wrappedKey: toBase64(sealed.ciphertext) };
    } finally {
      wipe(kek);
    }
  }

  function wrapWithRecoverySecret(profileId: string, masterKey: Uint8Array, secret: Uint8Array) {
    const kdf: RecoveryKdfParams = { algorithm: 'blake2b-keyed', salt: toBase64(randomBytes(KDF_SALT_BYTES)) };
    const kek = deriveKeyFromSecret(secret, fromBase64(kdf.salt), RECOVERY_KDF_LABEL);
    try {
      const sealed = wrapKey(kek, masterKey, recoveryWrapAd(profileId, kdf));
      return { kdf, nonce: toBase64(sealed.nonce), wrappedKey: toBase64(sealed.ciphertext), confirmedAt: null };
    } finally {
      wipe(kek);
    }
  }

  function makeKeyCheck(profileId: string, masterKey: Uint8Array): VaultHeader['keyCheck'] {
    const subkey = deriveSubkey(masterKey, 1, KEY_CHECK_CONTEXT);
    try {
      const sealed = aeadSeal(subkey, new Uint8Array(0), keyCheckAd(profileId));
      return { nonce: toBase64(sealed.nonce), tag: toBase64(sealed.ciphertext) };
    } finally {
      wipe(subkey);
    }
  }

  function isThisVaultsKey(header: VaultHeader, key: Uint8Array): boolean {
    if (key.length !== 32) return false;
    const subkey = deriveSubkey(key, 1, KEY_CHECK_CONTEXT);
    try {
      const sealed = { nonce: fromBase64(header.keyCheck.nonce), ciphertext: fromBase64(header.keyCheck.tag) };
      aeadOpen(subkey, sealed, keyCheckAd(header.profileId));
      return true;
    } catch (error) {
      if (error instanceof DecryptionError) return false;
      throw error;
    } finally {
      wipe(subkey);
    }
  }

  /** Never weaker than what the header had, never weaker than configured. */
  function rewrapParams(header: VaultHeader): KdfParams {
    const old = header.passphrase.kdf;
    return {
      opsLimit: Math.max(old.opsLimit, newWrapParams.opsLimit),
      memLimitBytes: Math.max(old.memLimitBytes, newWrapParams.memLimitBytes)
    };
  }

  // ---- opening ----

  /** The master key, or a counted failure. Mutates the header's counters on failure only. */
  function openWithPassphrase(header: VaultHeader, passphrase: string): Uint8Array {
    const kdf = header.passphrase.kdf;
    const params = { opsLimit: kdf.opsLimit, memLimitBytes: kdf.memLimitBytes };
    if (isBelowKdfFloor(params)) {
      throw new AppError('vault/kdf-below-floor', 'the vault header asks for KDF parameters below the built-in floor');
    }
    guardAttempts(header, 'passphrase');
    const kek = derivePassphraseKey(passphrase, fromBase64(kdf.salt), params);
    try {
      const wrapped = { nonce: fromBase64(header.passphrase.nonce), ciphertext: fromBase64(header.passphrase.wrappedKey) };
      return unwrapKey(kek, wrapped, passphraseWrapAd(header.profileId, kdf));
    } catch (error) {
      if (!(error instanceof DecryptionError)) throw error;
      const failures = recordFailure(header, 'passphrase');
      throw new AppError('vault/wrong-passphrase', 'the passphrase does not open this profile', {
        failedAttempts: failures,
        retryAfterMs: attemptDelayMs(failures)
      });
    } finally {
      wipe(kek);
    }
  }

  function openWithRecoveryKey(header: VaultHeader, recoveryKey: string): Uint8Array {
    guardAttempts(header, 'recovery');
    const secret = parseRecoveryKey(recoveryKey);
    if (!secret) {
      // Not counted: a mistyped length tests no secret.
      throw new AppError('vault/wrong-recovery-key', 'that is not a recovery key (wrong length or characters)', {
        malformed: true
      });
    }
    const kdf = header.recovery.kdf;
    const kek = deriveKeyFromSecret(secret, fromBase64(kdf.salt), RECOVERY_KDF_LABEL);
    wipe(secret);
    try {
      const wrapped = { nonce: fromBase64(header.recovery.nonce), ciphertext: fromBase64(header.recovery.wrappedKey) };
      return unwrapKey(kek, wrapped, recoveryWrapAd(header.profileId, kdf));
    } catch (error) {
      if (!(error instanceof DecryptionError)) throw error;
      const failures = recordFailure(header, 'recovery');
      throw new AppError('vault/wrong-recovery-key', 'the recovery key does not open this profile', {
        failedAttempts: failures,
        retryAfterMs: attemptDelayMs(failures)
      });
    } finally {
      wipe(kek);
    }
  }

  function requireStrong(passphrase: string, displayName: string): void {
    const { acceptable, score, hints } = assessPassphrase(passphrase, [displayName]);
    if (!acceptable) {
      throw new AppError('vault/weak-passphrase', 'the passphrase is too weak', { score, hints: hints.join(',') });
    }
  }

  function opened(header: VaultHeader, masterKey: Uint8Array): OpenedVault {
    return {
      profileId: header.profileId,
      displayName: header.displayName,
      profileDir: profileDirFor(opts.dataDir, header.profileId),
      masterKey,
      recoveryKeyConfirmed: header.recovery.confirmedAt !== null,
      idleTimeoutMinutes: header.idleTimeoutMinutes
    };
  }

  /** Runs `fn` with the master key; wipes the key if `fn` throws. */
  function handOver<T>(masterKey: Uint8Array, fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      wipe(masterKey);
      throw error;
    }
  }

  // ---- the API ----

  function listProfiles(): ProfileInfo[] {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(profilesDir, { withFileTypes: true });
    } catch {
      return [];
    }
    const profiles: ProfileInfo[] = [];
    for (const entry of entries) {
      if (!entry.isDirectory() || !PROFILE_ID_PATTERN.test(entry.name)) continue;
      try {
        const header = readHeader(entry.name);
        profiles.push({ id: header.profileId, displayName: header.displayName, createdAt: header.createdAt });
      } catch {
        // Half-created, damaged or from a newer version: not listable, and never a crash.
      }
    }
    return profiles.sort((a, b) => a.displayName.localeCompare(b.displayName) || a.id.localeCompare(b.id));
  }

  async function create(displayName: string, passphrase: string): Promise<{ vault: OpenedVault; recoveryKey: string }> {
    const name = displayName.trim();
    if (name.length === 0 || [...name].length > MAX_DISPLAY_NAME_LENGTH) {
      throw new AppError('ipc/invalid-request', `display name must be 1 to ${MAX_DISPLAY_NAME_LENGTH} characters`);
    }
    requireStrong(passphrase, name);
    const key = nameKey(name);
    if (listProfiles().some((p) => nameKey(p.displayName) === key)) {
      throw new AppError('vault/profile-exists', 'a profile with this name already exists');
    }

    fs.mkdirSync(profilesDir, { recursive: true, mode: 0o700 });
    let profileId: string;
    let profileDir: string;
    for (;;) {
      profileId = toHex(randomBytes(8));
      profileDir = profileDirFor(opts.dataDir, profileId);
      try {
        fs.mkdirSync(profileDir, { mode: 0o700 });
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }

    const masterKey = randomKey();
    const recovery = generateRecoveryKey();
    try {
      const header: VaultHeader = {
        format: VAULT_FORMAT,
        version: VAULT_VERSION,
        profileId,
        displayName: name,
        createdAt: new Date(now()).toISOString(),
        passphrase: wrapWithPassphrase(profileId, masterKey, passphrase, newWrapParams),
        recovery: wrapWithRecoverySecret(profileId, masterKey, recovery.secret),
        keyCheck: makeKeyCheck(profileId, masterKey),
        idleTimeoutMinutes: DEFAULT_IDLE_TIMEOUT_MINUTES,
        attempts: freshAttempts()
      };
      writeHeader(header);
      fsyncDirSync(profilesDir);
      return { vault: opened(header, masterKey), recoveryKey: recovery.text };
    } catch (error) {
      wipe(masterKey);
      fs.rmSync(profileDir, { recursive: true, force: true });
      throw error;
    } finally {
      wipe(recovery.secret);
    }
  }

  async function unlock(profileId: string, passphrase: string): Promise<OpenedVault> {
    const header = readHeader(profileId);
    const masterKey = openWithPassphrase(header, passphrase);
    return handOver(masterKey, () => {
      if (resetAttempts(header)) writeHeader(header);
      return opened(header, masterKey);
    });
  }

  async function recover(profileId: string, recoveryKey: string, newPassphrase: string): Promise<OpenedVault> {
    const header = readHeader(profileId);
    requireStrong(newPassphrase, header.displayName);
    const masterKey = openWithRecoveryKey(header, recoveryKey);
    return handOver(masterKey, () => {
      header.passphrase = wrapWithPassphrase(profileId, masterKey, newPassphrase, rewrapParams(header));
      resetAttempts(header);
      // She just typed the key correctly: it is evidently written down.
      header.recovery.confirmedAt ??= new Date(now()).toISOString();
      writeHeader(header);
      return opened(header, masterKey);
    });
  }

  async function changePassphrase(profileId: string, currentPassphrase: string, newPassphrase: string): Promise<void> {
    const header = readHeader(profileId);
    requireStrong(newPassphrase, header.displayName);
    const masterKey = openWithPassphrase(header, currentPassphrase);
    try {
      header.passphrase = wrapWithPassphrase(profileId, masterKey, newPassphrase, rewrapParams(header));
      resetAttempts(header);
      writeHeader(header);
    } finally {
      wipe(masterKey);
    }
  }

  async function rotateRecoveryKey(profileId: string, masterKey: Uint8Array): Promise<string> {
    const header = readHeader(profileId);
    // Wrapping the wrong key would hand her a recovery key that recovers nothing.
    if (!isThisVaultsKey(header, masterKey)) {
      throw new AppError('vault/locked', 'the key given is not this profile’s master key');
    }
    const recovery = generateRecoveryKey();
    try {
      header.recovery = wrapWithRecoverySecret(profileId, masterKey, recovery.secret);
      header.attempts.recovery = { failures: 0, lastFailureAt: null };
      writeHeader(header);
      return recovery.text;
    } finally {
      wipe(recovery.secret);
    }
  }

  async function confirmRecoveryKey(profileId: string, recoveryKey: string): Promise<void> {
    const header = readHeader(profileId);
    wipe(openWithRecoveryKey(header, recoveryKey));
    header.recovery.confirmedAt ??= new Date(now()).toISOString();
    header.attempts.recovery = { failures: 0, lastFailureAt: null };
    writeHeader(header);
  }

  async function setIdleTimeoutMinutes(profileId: string, minutes: number): Promise<void> {
    if (!Number.isInteger(minutes) || minutes < MIN_IDLE_TIMEOUT_MINUTES || minutes > MAX_IDLE_TIMEOUT_MINUTES) {
      throw new AppError(
        'ipc/invalid-request',
        `idle timeout must be a whole number of minutes from ${MIN_IDLE_TIMEOUT_MINUTES} to ${MAX_IDLE_TIMEOUT_MINUTES}`
      );
    }
    const header = readHeader(profileId);
    header.idleTimeoutMinutes = minutes;
    writeHeader(header);
  }

  return {
    listProfiles,
    create,
    unlock,
    recover,
    changePassphrase,
    rotateRecoveryKey,
    confirmRecoveryKey,
    setIdleTimeoutMinutes
  };
}

function freshAttempts(): VaultHeader['attempts'] {
  return {
    passphrase: { failures: 0, lastFailureAt: null },
    recovery: { failures: 0, lastFailureAt: null }
  };
}

/** Two names that a person would read as the same name are the same name. */
function nameKey(displayName: string): string {
  return displayName.trim().normalize('NFKC').toLowerCase();
}
