/**
 * What a thief with write access to the disk, or a damaged disk, can do to a vault header:
 * downgrade the KDF, swap salts or wraps, bump the version, truncate the file.
 * Each must be refused with its own code, never silently accepted (GUIDE §4.3).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { KDF_FLOOR, initCrypto, randomBytes, toBase64 } from '../../main/services/crypto';
import { createVault, type OpenedVault } from '../../main/services/vault';
import { parseVaultHeader } from '../../main/services/vault-header';

vi.setConfig({ testTimeout: 60_000 });

const PASS = 'violet tractor sunset kettle';

let dataDir: string;
let created: { vault: OpenedVault; recoveryKey: string };
const open = () => createVault({ dataDir, kdfParams: KDF_FLOOR });
const headerFile = () => path.join(created.vault.profileDir, 'vault.json');
// A header as JSON, edited freely the way someone with a text editor would.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type RawHeader = any;
function edit(mutate: (header: RawHeader) => void): void {
  const header = JSON.parse(fs.readFileSync(headerFile(), 'utf8'));
  mutate(header);
  fs.writeFileSync(headerFile(), JSON.stringify(header));
}

beforeAll(async () => {
  await initCrypto();
});

beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anxin-vault-header-'));
  created = await open().create('Li Mei', PASS);
});

afterEach(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('KDF downgrade', () => {
  it('refuses a lowered memory limit before running the KDF', async () => {
    edit((h) => {
      h.passphrase.kdf.memLimitBytes = 8 * 1024 * 1024;
    });
    await expect(open().unlock(created.vault.profileId, PASS)).rejects.toMatchObject({ code: 'vault/kdf-below-floor' });
    await expect(open().changePassphrase(created.vault.profileId, PASS, 'amber lantern orbit meadow')).rejects.toMatchObject(
      { code: 'vault/kdf-below-floor' }
    );
  });

  it('refuses a lowered operations limit', async () => {
    edit((h) => {
      h.passphrase.kdf.opsLimit = 1;
    });
    await expect(open().unlock(created.vault.profileId, PASS)).rejects.toMatchObject({ code: 'vault/kdf-below-floor' });
  });

  it('does not open with other (above-floor) parameters: they are bound to the wrap', async () => {
    edit((h) => {
      h.passphrase.kdf.opsLimit = KDF_FLOOR.opsLimit + 1;
    });
    await expect(open().unlock(created.vault.profileId, PASS)).rejects.toMatchObject({ code: 'vault/wrong-passphrase' });
  });

  it('does not open with another salt', async () => {
    edit((h) => {
      h.passphrase.kdf.salt = toBase64(randomBytes(16));
    });
    await expect(open().unlock(created.vault.profileId, PASS)).rejects.toMatchObject({ code: 'vault/wrong-passphrase' });
  });

  it('does not open with another recovery salt', async () => {
    edit((h) => {
      h.recovery.kdf.salt = toBase64(randomBytes(16));
    });
    await expect(open().confirmRecoveryKey(created.vault.profileId, created.recoveryKey)).rejects.toMatchObject({
      code: 'vault/wrong-recovery-key'
    });
  });

  it('refuses absurdly high parameters as corrupt instead of exhausting memory', async () => {
    edit((h) => {
      h.passphrase.kdf.memLimitBytes = 64 * 1024 * 1024 * 1024;
    });
    await expect(open().unlock(created.vault.profileId, PASS)).rejects.toMatchObject({ code: 'vault/corrupt' });
  });
});

describe('moved wraps', () => {
  it('a passphrase wrap copied from another profile does not open, even with the same passphrase', async () => {
    const other = await open().create('Zhang Wei', PASS);
    const otherHeader = JSON.parse(fs.readFileSync(path.join(other.vault.profileDir, 'vault.json'), 'utf8'));
    edit((h) => {
      h.passphrase = otherHeader.passphrase;
    });
    await expect(open().unlock(created.vault.profileId, PASS)).rejects.toMatchObject({ code: 'vault/wrong-passphrase' });
  });

  it('the recovery wrap cannot stand in for the passphrase wrap', async () => {
    edit((h) => {
      h.passphrase.nonce = h.recovery.nonce;
      h.passphrase.wrappedKey = h.recovery.wrappedKey;
    });
    await expect(open().unlock(created.vault.profileId, PASS)).rejects.toMatchObject({ code: 'vault/wrong-passphrase' });
  });

  it('a flipped bit in the wrapped key does not open', async () => {
    edit((h) => {
      const bytes = Buffer.from(h.passphrase.wrappedKey, 'base64');
      bytes[5] = (bytes[5] ?? 0) ^ 0x01;
      h.passphrase.wrappedKey = bytes.toString('base64');
    });
    await expect(open().unlock(created.vault.profileId, PASS)).rejects.toMatchObject({ code: 'vault/wrong-passphrase' });
  });

  it('a header copied into another profile directory is corrupt there', async () => {
    const elsewhere = path.join(dataDir, 'profiles', '0123456789abcdef');
    fs.mkdirSync(elsewhere);
    fs.copyFileSync(headerFile(), path.join(elsewhere, 'vault.json'));
    await expect(open().unlock('0123456789abcdef', PASS)).rejects.toMatchObject({ code: 'vault/corrupt' });
  });
});

describe('format and damage', () => {
  it('refuses a newer or older version, and another format, as unsupported', async () => {
    for (const version of [2, 0]) {
      edit((h) => {
        h.version = version;
      });
      await expect(open().unlock(created.vault.profileId, PASS)).rejects.toMatchObject({
        code: 'vault/unsupported-format'
      });
    }
    edit((h) => {
      h.version = 1;
      h.format = 'someone-elses-vault';
    });
    await expect(open().unlock(created.vault.profileId, PASS)).rejects.toMatchObject({
      code: 'vault/unsupported-format'
    });
  });

  it('refuses truncated JSON as corrupt', async () => {
    const text = fs.readFileSync(headerFile(), 'utf8');
    fs.writeFileSync(headerFile(), text.slice(0, Math.floor(text.length / 2)));
    await expect(open().unlock(created.vault.profileId, PASS)).rejects.toMatchObject({ code: 'vault/corrupt' });
    fs.writeFileSync(headerFile(), '');
    await expect(open().unlock(created.vault.profileId, PASS)).rejects.toMatchObject({ code: 'vault/corrupt' });
  });

  it('refuses missing or malformed fields as corrupt', async () => {
    const original = fs.readFileSync(headerFile(), 'utf8');
    const damages: ((h: RawHeader) => void)[] = [
      (h) => delete h.passphrase,
      (h) => delete h.version,
      (h) => delete h.format,
      (h) => (h.passphrase.kdf.salt = 'not base64!'),
      (h) => (h.passphrase.kdf.salt = toBase64(randomBytes(15))),
      (h) => (h.passphrase.wrappedKey = toBase64(randomBytes(47))),
      (h) => (h.passphrase.kdf.opsLimit = '3'),
      (h) => (h.attempts.passphrase.failures = -1),
      (h) => (h.idleTimeoutMinutes = 0),
      (h) => (h.extra = 'unexpected'),
      (h) => (h.version = '1')
    ];
    for (const damage of damages) {
      fs.writeFileSync(headerFile(), original);
      edit(damage);
      await expect(open().unlock(created.vault.profileId, PASS), damage.toString()).rejects.toMatchObject({
        code: 'vault/corrupt'
      });
    }
    for (const text of ['null', '[]', '"vault"', '42']) {
      expect(() => parseVaultHeader(text)).toThrow(expect.objectContaining({ code: 'vault/corrupt' }));
    }
    fs.writeFileSync(headerFile(), original);
    await expect(open().unlock(created.vault.profileId, PASS)).resolves.toBeTruthy();
  });
});
