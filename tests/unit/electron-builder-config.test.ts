/**
 * electron-builder cannot fetch Electron here, so packaging is checked statically (GUIDE §5):
 * electron-builder.yml is validated against the JSON schema app-builder-lib ships, then the
 * hardening settings (fuses, asar, installer, macOS entitlements) are asserted one by one.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(__dirname, '..', '..');
const schema = JSON.parse(fs.readFileSync(path.join(repo, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8'));
const config = parse(fs.readFileSync(path.join(repo, 'electron-builder.yml'), 'utf8'));
const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));

// The schema uses a few non-standard keywords/formats; strict mode would reject the schema
// itself, not our file. allErrors: report every problem at once.
const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);

describe('electron-builder.yml', () => {
  it('is valid against app-builder-lib/scheme.json', () => {
    const ok = validate(config);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the validation can fail: unknown keys and wrong types are rejected', () => {
    expect(validate({ ...config, electronFuses: { ...config.electronFuses, runAsNod: false } })).toBe(false);
    expect(validate({ ...config, asar: 'yes please' })).toBe(false);
    expect(validate({ ...config, appIdd: 'x' })).toBe(false);
  });

  it('identifies the app', () => {
    expect(config.appId).toBe('org.anxin.desktop');
    expect(config.productName).toBe('Anxin');
  });

  it('packages only the built bundles and package.json', () => {
    const include = (config.files as string[]).filter((f) => !f.startsWith('!'));
    expect(include.sort()).toEqual(['dist/**', 'package.json']);
    expect(pkg.main).toBe('dist/main/electron.cjs');
  });

  it('runs from an asar archive, unpacking only better-sqlite3 native code', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(['**/node_modules/better-sqlite3/**/*.node']);
  });

  it('flips the Electron fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false
    });
  });

  it('builds AppImage + deb, a per-user differential NSIS installer and a hardened dmg', () => {
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.win.target).toEqual(['nsis']);
    expect(config.nsis.perMachine).toBe(false);
    expect(config.nsis.allowElevation).toBe(false);
    expect(config.nsis.differentialPackage).toBe(true);
    expect(config.nsis.deleteAppDataOnUninstall).toBe(false);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.mac.hardenedRuntime).toBe(true);
  });

  it('gives the macOS hardened runtime only the JIT entitlement', () => {
    for (const key of ['entitlements', 'entitlementsInherit']) {
      const file = path.join(repo, config.mac[key]);
      expect(fs.existsSync(file), key).toBe(true);
      const plist = fs.readFileSync(file, 'utf8');
      const granted = [...plist.matchAll(/<key>([^<]+)<\/key>\s*<true\s*\/>/g)].map((m) => m[1]);
      expect(granted).toEqual(['com.apple.security.cs.allow-jit']);
    }
  });
});
