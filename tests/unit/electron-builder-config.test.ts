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
    expect(validate({ ...config, publish: { provider: 'generic' } })).toBe(false); // generic needs a url
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
    expect(config.nsis.oneClick).toBe(false);
    // dmg to install, zip for electron-updater's macOS updates (Squirrel.Mac applies a zip).
    expect(config.mac.target).toEqual(['dmg', 'zip']);
    expect(config.mac.hardenedRuntime).toBe(true);
  });

  it('notarises on macOS with credentials from the environment, none in the file', () => {
    expect(config.mac.notarize).toBe(true);
    const text = fs.readFileSync(path.join(repo, 'electron-builder.yml'), 'utf8');
    // Only names of variables may appear, never a value: no key=value for secrets.
    for (const secret of ['CSC_KEY_PASSWORD', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_API_KEY']) {
      expect(text).not.toMatch(new RegExp(`${secret}\\s*[:=]\\s*\\S`));
    }
    expect(config.win.verifyUpdateCodeSignature).toBe(true);
  });

  it('publishes to a generic (static files) update feed and writes every channel file', () => {
    expect(config.publish).toMatchObject({ provider: 'generic', channel: 'latest' });
    const url = new URL(config.publish.url);
    expect(url.protocol).toBe('https:');
    expect(config.generateUpdatesFilesForAllChannels).toBe(true);
    expect(pkg.dependencies['electron-updater'], 'electron-updater ships in the app').toBeTruthy();
  });

  it('builds without publishing by default, and test:electron runs only the Electron suite', () => {
    for (const name of ['dist', 'dist:linux', 'dist:win', 'dist:mac']) expect(pkg.scripts[name], name).toMatch(/electron-builder.*--publish never$/);
    expect(pkg.scripts['test:electron']).toMatch(/vitest run --project electron$/);
  });

  it('has real icons for every platform, generated from build/icon.svg', () => {
    const png = (file: string) => {
      const buf = fs.readFileSync(path.join(repo, file));
      // PNG signature, then IHDR width/height (big-endian).
      expect(buf.subarray(0, 8).toString('hex'), file).toBe('89504e470d0a1a0a');
      return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
    };
    expect(png(config.icon)).toEqual({ width: 1024, height: 1024 });
    for (const n of [16, 32, 48, 64, 128, 256, 512]) expect(png(`${config.linux.icon}/${n}x${n}.png`)).toEqual({ width: n, height: n });

    const ico = fs.readFileSync(path.join(repo, config.win.icon));
    expect(ico.readUInt16LE(0)).toBe(0); // reserved
    expect(ico.readUInt16LE(2)).toBe(1); // type: icon
    const count = ico.readUInt16LE(4);
    const sizes = Array.from({ length: count }, (_, i) => ico.readUInt8(6 + 16 * i) || 256);
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 256]));

    const icns = fs.readFileSync(path.join(repo, config.mac.icon));
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);

    const svg = fs.readFileSync(path.join(repo, 'build', 'icon.svg'), 'utf8');
    expect(svg).toContain('<path');
    expect(svg).not.toContain('<text'); // an outline: rendering needs no CJK font
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
