/**
 * The vault header: `<dataDir>/profiles/<profileId>/vault.json`. It holds what is needed to
 * find the master key again and nothing else: display name, creation time, KDF parameters,
 * salts, the wrapped master key (once per unlock method), failed-attempt counters and the
 * idle-lock preference. Never case data, never a key in the clear.
 *
 * Reading is strict: a header from an unknown format or version is refused
 * ('vault/unsupported-format', never guessed at), anything else that does not match the
 * schema is 'vault/corrupt'.
 */
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import { utf8, type KdfParams } from './crypto';

export const VAULT_FORMAT = 'anxin-vault';
export const VAULT_VERSION = 1;
export const VAULT_HEADER_FILE = 'vault.json';
export const PROFILE_ID_PATTERN = /^[0-9a-f]{16}$/;

/**
 * Upper bounds on the KDF parameters a header may ask for. An edited header with absurd
 * values would otherwise hang the app or exhaust memory before the passphrase is even tried.
 * (The lower bound, KDF_FLOOR, is checked separately so that it gets its own error code.)
 */
export const KDF_CEILING: KdfParams = { opsLimit: 32, memLimitBytes: 1024 * 1024 * 1024 };

/** Base64 (standard alphabet, padded) of exactly `length` bytes, in its one canonical spelling. */
const base64Bytes = (length: number) =>
  z.string().refine((text) => {
    const bytes = Buffer.from(text, 'base64');
    return bytes.length === length && bytes.toString('base64') === text;
  }, `expected ${length} bytes of base64`);

const Attempts = z.strictObject({
  failures: z.number().int().min(0),
  /** Milliseconds since the epoch, from the vault's clock. */
  lastFailureAt: z.number().int().nullable()
});

const PassphraseKdf = z.strictObject({
  algorithm: z.literal('argon2id13'),
  // Low values parse so that they can be refused as 'vault/kdf-below-floor', not as corrupt.
  opsLimit: z.number().int().min(1).max(KDF_CEILING.opsLimit),
  memLimitBytes: z.number().int().min(1).max(KDF_CEILING.memLimitBytes),
  salt: base64Bytes(16)
});

const RecoveryKdf = z.strictObject({
  algorithm: z.literal('blake2b-keyed'),
  salt: base64Bytes(16)
});

export const VaultHeaderV1 = z.strictObject({
  format: z.literal(VAULT_FORMAT),
  version: z.literal(VAULT_VERSION),
  profileId: z.string().regex(PROFILE_ID_PATTERN),
  displayName: z.string().min(1).max(200),
  createdAt: z.string().min(1).max(64),
  passphrase: z.strictObject({ kdf: PassphraseKdf, nonce: base64Bytes(24), wrappedKey: base64Bytes(48) }),
  recovery: z.strictObject({
    kdf: RecoveryKdf,
    nonce: base64Bytes(24),
    wrappedKey: base64Bytes(48),
    /** ISO time the person typed the key back correctly; null until then (and after rotation). */
    confirmedAt: z.string().max(64).nullable()
  }),
  /** An empty message sealed under a subkey of the master key: proves a key is this vault's. */
  keyCheck: z.strictObject({ nonce: base64Bytes(24), tag: base64Bytes(16) }),
  idleTimeoutMinutes: z.number().int().min(1).max(240),
  attempts: z.strictObject({ passphrase: Attempts, recovery: Attempts })
});

export type VaultHeader = z.infer<typeof VaultHeaderV1>;
export type PassphraseKdfParams = z.infer<typeof PassphraseKdf>;
export type RecoveryKdfParams = z.infer<typeof RecoveryKdf>;
export type AttemptCounter = z.infer<typeof Attempts>;

export function parseVaultHeader(text: string): VaultHeader {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError('vault/corrupt', 'vault header is not valid JSON');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new AppError('vault/corrupt', 'vault header is not an object');
  }
  const { format, version } = raw as Record<string, unknown>;
  if (typeof format !== 'string' || typeof version !== 'number' || !Number.isInteger(version)) {
    throw new AppError('vault/corrupt', 'vault header has no format or version');
  }
  if (format !== VAULT_FORMAT || version !== VAULT_VERSION) {
    throw new AppError('vault/unsupported-format', `unsupported vault header (format ${format}, version ${version})`, {
      version
    });
  }
  const parsed = VaultHeaderV1.safeParse(raw);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join('.') ?? '';
    throw new AppError('vault/corrupt', `vault header does not match the schema (at ${where || 'root'})`);
  }
  return parsed.data;
}

export function serializeVaultHeader(header: VaultHeader): string {
  return `${JSON.stringify(header, null, 2)}\n`;
}

/**
 * Associated data of each wrap of the master key: everything the wrap's meaning depends on.
 * Editing the format version, moving the wrap to another profile or purpose, or changing the
 * KDF parameters or salt in the file makes the wrap fail to open. Canonical: a JSON array in
 * fixed order with the salt in its one canonical base64 spelling.
 */
export function passphraseWrapAd(profileId: string, kdf: PassphraseKdfParams): Uint8Array {
  return canonical([profileId, 'passphrase', kdf.algorithm, kdf.opsLimit, kdf.memLimitBytes, kdf.salt]);
}

export function recoveryWrapAd(profileId: string, kdf: RecoveryKdfParams): Uint8Array {
  return canonical([profileId, 'recovery', kdf.algorithm, kdf.salt]);
}

export function keyCheckAd(profileId: string): Uint8Array {
  return canonical([profileId, 'key-check']);
}

function canonical(fields: (string | number)[]): Uint8Array {
  return utf8.encode(JSON.stringify([VAULT_FORMAT, VAULT_VERSION, ...fields]));
}
