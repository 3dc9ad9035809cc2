/**
 * The Electron shell's security settings, tested as the constants and pure functions they
 * are (GUIDE §4 item 10). main/electron/security-policy.ts has no electron import; the
 * wiring files that do import electron are read as source text here, never imported.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  APP_HOST,
  APP_ORIGIN,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  CONTENT_SECURITY_POLICY,
  EXTERNAL_LINK_ALLOWLIST,
  FORBIDDEN_SENDER_RESULT,
  PERMISSION_POLICY,
  SESSION_PARTITION,
  WEB_PREFERENCES,
  devToolsEnabled,
  electronPaths,
  findRefusedSwitches,
  isAllowedExternalUrl,
  isAppUrl,
  isPermissionGranted,
  isTrustedSender,
  isAllowedDownloadUrl,
  mimeTypeFor,
  resolveAppAsset,
  responseHeadersFor,
  shouldAllowNavigation
} from '../../main/electron/security-policy';

const repo = path.resolve(__dirname, '..', '..');
const electronDir = path.join(repo, 'main', 'electron');

/** Parses a CSP string into directive -> source list. */
function parseCsp(policy: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (!name) continue;
    expect(map.has(name), `directive ${name} appears twice`).toBe(false);
    map.set(name.toLowerCase(), values);
  }
  return map;
}

// URLs that must never be treated as the app (navigation, IPC sender, asset request).
const NOT_THE_APP = [
  'app://anxin.evil/index.html',
  'app://anxin.evil.com/',
  'app://evil.anxin/',
  'app://anxinx/',
  'app://anxin@evil/index.html',
  'app://user:pass@anxin/index.html',
  'app://anxin:8080/index.html',
  'app:anxin/index.html',
  'app:/anxin/index.html',
  'apps://anxin/index.html',
  'http://anxin/index.html',
  'https://anxin/index.html',
  'https://example.org/',
  'http://127.0.0.1:5173/',
  'file:///etc/passwd',
  'file://anxin/index.html',
  'javascript:alert(1)',
  'JavaScript:alert(document.domain)',
  'data:text/html,<script>alert(1)</script>',
  'blob:app://anxin/1234',
  'about:blank',
  'chrome://settings',
  'devtools://devtools/bundled/inspector.html',
  'ws://anxin/',
  ' app://anxin/index.html',
  '',
  'not a url'
];

describe('app origin', () => {
  it('is app://anxin', () => {
    expect(APP_SCHEME).toBe('app');
    expect(APP_HOST).toBe('anxin');
    expect(APP_ORIGIN).toBe('app://anxin');
    expect(APP_ENTRY_URL.startsWith(`${APP_ORIGIN}/`)).toBe(true);
  });

  it('privileges the scheme as standard + secure + fetch, and nothing that bypasses CSP', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ standard: true, secure: true, supportFetchAPI: true });
    expect(APP_SCHEME_PRIVILEGES.bypassCSP).toBe(false);
    expect(APP_SCHEME_PRIVILEGES.allowServiceWorkers).toBe(false);
    expect(APP_SCHEME_PRIVILEGES.corsEnabled).toBe(false);
  });

  it('accepts the app itself', () => {
    for (const url of ['app://anxin/', 'app://anxin/index.html', 'app://anxin/assets/index-abc.js?v=1#x', 'app://anxin']) {
      expect(isAppUrl(url), url).toBe(true);
      expect(shouldAllowNavigation(url), url).toBe(true);
      expect(isTrustedSender(url), url).toBe(true);
    }
  });

  it.each(NOT_THE_APP)('refuses %j for navigation and as IPC sender', (url) => {
    expect(isAppUrl(url)).toBe(false);
    expect(shouldAllowNavigation(url)).toBe(false);
    expect(isTrustedSender(url)).toBe(false);
  });

  it('refuses senders without a frame URL', () => {
    expect(isTrustedSender(undefined)).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
    expect(shouldAllowNavigation(42 as unknown as string)).toBe(false);
  });

  it('answers a forbidden sender with a stable error code only', () => {
    expect(FORBIDDEN_SENDER_RESULT).toEqual({ ok: false, error: { code: 'ipc/forbidden-sender', message: expect.any(String) } });
    expect(Object.isFrozen(FORBIDDEN_SENDER_RESULT)).toBe(true);
  });
});

describe('downloads', () => {
  it('allows only blobs the app page made itself', () => {
    expect(isAllowedDownloadUrl('blob:app://anxin/6f1c2a9e-0d5b-4a51-9b43-1f9a1b2c3d4e')).toBe(true);
  });
  it.each([
    'https://example.org/file.pdf',
    'blob:https://evil.example/6f1c2a9e',
    'blob:app://anxin.evil/6f1c2a9e',
    'blob:app://user@anxin/6f1c2a9e',
    'data:application/pdf;base64,JVBERi0=',
    'file:///etc/passwd',
    'app://anxin/index.html',
    'javascript:alert(1)',
    ''
  ])('refuses %s', (url) => {
    expect(isAllowedDownloadUrl(url)).toBe(false);
  });
  it('refuses non-strings', () => {
    expect(isAllowedDownloadUrl(undefined)).toBe(false);
    expect(isAllowedDownloadUrl(42)).toBe(false);
  });
});

describe('webPreferences', () => {
  it('isolates and sandboxes the renderer with no Node.js', () => {
    expect(WEB_PREFERENCES.contextIsolation).toBe(true);
    expect(WEB_PREFERENCES.sandbox).toBe(true);
    expect(WEB_PREFERENCES.nodeIntegration).toBe(false);
    expect(WEB_PREFERENCES.nodeIntegrationInWorker).toBe(false);
    expect(WEB_PREFERENCES.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and every risky feature off', () => {
    expect(WEB_PREFERENCES).toMatchObject({
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true
    });
    expect(WEB_PREFERENCES).not.toHaveProperty('enableBlinkFeatures');
    expect(WEB_PREFERENCES).not.toHaveProperty('preload');
  });

  it('uses an in-memory session (no persist: partition)', () => {
    expect(WEB_PREFERENCES.partition).toBe(SESSION_PARTITION);
    expect(SESSION_PARTITION.startsWith('persist:')).toBe(false);
  });

  it('allows DevTools only in an unpackaged (development) build', () => {
    expect(devToolsEnabled(true)).toBe(false);
    expect(devToolsEnabled(false)).toBe(true);
  });

  // window.ts imports electron, so it is parsed, not imported: its literal webPreferences
  // (literal so that electronegativity can check them) must be exactly WEB_PREFERENCES.
  it('window.ts passes exactly WEB_PREFERENCES (plus preload and devTools) to the only BrowserWindow', () => {
    const found: Array<{ file: string; prefs: Record<string, unknown> }> = [];
    for (const name of fs.readdirSync(electronDir).filter((f) => f.endsWith('.ts'))) {
      const file = path.join(electronDir, name);
      const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node): void => {
        if (ts.isNewExpression(node) && node.expression.getText(source) === 'BrowserWindow') {
          const options = node.arguments?.[0];
          expect(options && ts.isObjectLiteralExpression(options), `${name}: options must be an object literal`).toBe(true);
          const wp = (options as ts.ObjectLiteralExpression).properties.find((p) => p.name?.getText(source) === 'webPreferences');
          expect(wp && ts.isPropertyAssignment(wp) && ts.isObjectLiteralExpression(wp.initializer), `${name}: literal webPreferences`).toBe(true);
          const prefs: Record<string, unknown> = {};
          for (const p of ((wp as ts.PropertyAssignment).initializer as ts.ObjectLiteralExpression).properties) {
            expect(ts.isPropertyAssignment(p), `${name}: no spread or shorthand in webPreferences`).toBe(true);
            const a = p as ts.PropertyAssignment;
            const init = a.initializer;
            prefs[a.name.getText(source)] =
              init.kind === ts.SyntaxKind.TrueKeyword ? true
              : init.kind === ts.SyntaxKind.FalseKeyword ? false
              : ts.isStringLiteral(init) ? init.text
              : `<${init.getText(source)}>`;
          }
          found.push({ file: name, prefs });
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(found.map((f) => f.file)).toEqual(['window.ts']);
    const { preload, devTools, ...fixed } = found[0]!.prefs;
    expect(fixed).toEqual({ ...WEB_PREFERENCES });
    expect(preload).toMatch(/^<.*preloadPath.*>$/);
    expect(devTools).toBe('<devToolsEnabled(opts.isPackaged)>');
  });

  it('window.ts turns on screen-capture protection', () => {
    expect(fs.readFileSync(path.join(electronDir, 'window.ts'), 'utf8')).toMatch(/\.setContentProtection\(true\)/);
  });
});

describe('Content-Security-Policy', () => {
  const csp = parseCsp(CONTENT_SECURITY_POLICY);

  it("defaults to 'none'", () => {
    expect(csp.get('default-src')).toEqual(["'none'"]);
  });

  it("allows scripts from the app only: no 'unsafe-eval', no 'unsafe-inline', no wildcard, no data:/blob:", () => {
    const scripts = csp.get('script-src');
    expect(scripts).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toContain("'unsafe-eval'");
    expect(CONTENT_SECURITY_POLICY).not.toContain("'unsafe-inline'");
    expect(CONTENT_SECURITY_POLICY).not.toContain("'wasm-unsafe-eval'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/(^|\s)\*(\s|;|$)/);
  });

  it('closes objects, base, forms, framing and workers', () => {
    for (const d of ['object-src', 'base-uri', 'form-action', 'frame-ancestors', 'frame-src', 'worker-src']) {
      expect(csp.get(d), d).toEqual(["'none'"]);
    }
  });

  it('lets the page talk to nothing but itself', () => {
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    for (const [name, values] of csp) {
      for (const v of values) expect(v, `${name} ${v}`).toMatch(/^('self'|'none'|blob:|data:)$/);
    }
    expect(csp.get('img-src')).toEqual(["'self'", 'blob:', 'data:']);
  });

  it('is sent with every app:// response, with nosniff and no caching', () => {
    const headers = responseHeadersFor('/x/index.html');
    expect(headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['cache-control']).toBe('no-store');
    expect(headers['referrer-policy']).toBe('no-referrer');
  });

  it('serves the right MIME types', () => {
    expect(mimeTypeFor('/a/index.html')).toBe('text/html; charset=utf-8');
    expect(mimeTypeFor('/a/assets/x.JS')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeFor('/a/assets/x.css')).toBe('text/css; charset=utf-8');
    expect(mimeTypeFor('/a/assets/x.svg')).toBe('image/svg+xml');
    expect(mimeTypeFor('/a/assets/x.woff2')).toBe('font/woff2');
    expect(mimeTypeFor('/a/x.unknown')).toBe('application/octet-stream');
  });
});

describe('external links', () => {
  const host = EXTERNAL_LINK_ALLOWLIST[0]!;

  it('has a short allowlist of exact host names', () => {
    expect(EXTERNAL_LINK_ALLOWLIST.length).toBeGreaterThan(0);
    expect(EXTERNAL_LINK_ALLOWLIST.length).toBeLessThanOrEqual(5);
    for (const h of EXTERNAL_LINK_ALLOWLIST) expect(h).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
  });

  it('opens https links to allowlisted hosts', () => {
    expect(isAllowedExternalUrl(`https://${host}/`)).toBe(true);
    expect(isAllowedExternalUrl(`https://${host}/guide/safety?lang=zh#top`)).toBe(true);
  });

  it.each([
    `http://${host}/`,
    `https://${host}.evil.com/`,
    `https://evil.com/${host}`,
    `https://evil.com/?u=https://${host}/`,
    `https://${host}@evil.com/`,
    `https://user:pw@${host}/`,
    `https://${host}:8443/`,
    `https://${host}./`,
    `https://x${host}/`,
    `https://sub.${host}/`,
    `https://${host.replace('o', 'о')}/`, // Cyrillic о: an IDN lookalike
    `https://${host}\\@evil.com/`,
    `https://${host}/\n`,
    ` https://${host}/`,
    `javascript:alert(1)//https://${host}/`,
    `file:///C:/Windows/System32/calc.exe`,
    `smb://${host}/share`,
    `ms-settings:`,
    `data:text/html,https://${host}`,
    `app://anxin/index.html`,
    ''
  ])('refuses %j', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });

  it('external-links.ts is the only file calling shell.openExternal, and it checks the allowlist first', () => {
    const callers = fs
      .readdirSync(electronDir)
      .filter((f) => f.endsWith('.ts') && /\.openExternal\(/.test(fs.readFileSync(path.join(electronDir, f), 'utf8')));
    expect(callers).toEqual(['external-links.ts']);
    const src = fs.readFileSync(path.join(electronDir, 'external-links.ts'), 'utf8');
    expect(src.indexOf('isAllowedExternalUrl(url)')).toBeGreaterThan(-1);
    expect(src.indexOf('isAllowedExternalUrl(url)')).toBeLessThan(src.indexOf('shell.openExternal('));
  });
});

describe('resolveAppAsset', () => {
  let tmp: string;
  let root: string;

  beforeAll(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'anxin-assets-')));
    root = path.join(tmp, 'renderer');
    fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html>');
    fs.writeFileSync(path.join(root, 'assets', 'app.js'), '1');
    fs.writeFileSync(path.join(root, 'assets', 'a b.css'), '1');
    fs.writeFileSync(path.join(root, '.env'), 'SECRET=1');
    fs.writeFileSync(path.join(tmp, 'secret.txt'), 'outside');
    fs.mkdirSync(path.join(tmp, 'renderer-evil'));
    fs.writeFileSync(path.join(tmp, 'renderer-evil', 'x.js'), 'outside');
    try {
      fs.symlinkSync(path.join(tmp, 'secret.txt'), path.join(root, 'assets', 'link.txt'));
    } catch {
      // symlinks may be unavailable (Windows without privilege); that case is skipped below
    }
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('serves index.html for / and files inside the folder', () => {
    expect(resolveAppAsset(root, 'app://anxin/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppAsset(root, 'app://anxin')).toBe(path.join(root, 'index.html'));
    expect(resolveAppAsset(root, 'app://anxin/index.html')).toBe(path.join(root, 'index.html'));
    expect(resolveAppAsset(root, 'app://anxin/assets/app.js?v=2#frag')).toBe(path.join(root, 'assets', 'app.js'));
    expect(resolveAppAsset(root, 'app://anxin/assets/a%20b.css')).toBe(path.join(root, 'assets', 'a b.css'));
  });

  it.each([
    'app://anxin/../secret.txt',
    'app://anxin/assets/../../secret.txt',
    'app://anxin/%2e%2e/secret.txt',
    'app://anxin/%2E%2E/secret.txt',
    'app://anxin/.%2e/secret.txt',
    'app://anxin/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://anxin/..%2fsecret.txt',
    'app://anxin/..%5csecret.txt',
    'app://anxin/..\\secret.txt',
    'app://anxin/assets\\..\\..\\secret.txt',
    'app://anxin/%252e%252e/secret.txt',
    'app://anxin/../renderer-evil/x.js',
    'app://anxin/index.html%00.js',
    'app://anxin/index.html\u0000',
    'app://anxin/C:/Windows/win.ini',
    'app://anxin/C:%5cWindows%5cwin.ini',
    `app://anxin/${'%2e%2e/'.repeat(8)}etc/passwd`,
    'app://anxin//etc/passwd',
    'app://anxin/.env',
    'app://anxin/assets/',
    'app://anxin/assets',
    'app://anxin/missing.js',
    'app://anxin/%E0%A4%A',
    'app://anxin.evil/index.html',
    'app://anxin@evil/index.html',
    'file:///etc/passwd',
    'http://anxin/index.html'
  ])('refuses %j', (url) => {
    expect(resolveAppAsset(root, url)).toBeNull();
  });

  it('does not follow a symlink out of the folder', () => {
    if (!fs.existsSync(path.join(root, 'assets', 'link.txt'))) return;
    expect(resolveAppAsset(root, 'app://anxin/assets/link.txt')).toBeNull();
  });

  it('returns null when the folder does not exist', () => {
    expect(resolveAppAsset(path.join(tmp, 'nope'), 'app://anxin/index.html')).toBeNull();
  });
});

describe('permissions', () => {
  it('denies everything by default and grants nothing', () => {
    expect(PERMISSION_POLICY.default).toBe('deny');
    expect(PERMISSION_POLICY.granted).toEqual([]);
    for (const p of [
      'media', 'geolocation', 'notifications', 'midi', 'midiSysex', 'pointerLock', 'fullscreen', 'openExternal',
      'clipboard-read', 'clipboard-sanitized-write', 'display-capture', 'hid', 'serial', 'usb', 'idle-detection',
      'window-management', 'local-fonts', 'fileSystem', 'storage-access', 'unknown'
    ]) {
      expect(isPermissionGranted(p), p).toBe(false);
    }
  });

  it('navigation-guards.ts wires the deny-all handlers and the navigation guards', () => {
    const src = fs.readFileSync(path.join(electronDir, 'navigation-guards.ts'), 'utf8');
    for (const hook of [
      "on('will-navigate'",
      "on('will-frame-navigate'",
      "on('will-redirect'",
      "on('will-attach-webview'",
      'setWindowOpenHandler(',
      'setPermissionRequestHandler(',
      'setPermissionCheckHandler(',
      'setDevicePermissionHandler(',
      'setDisplayMediaRequestHandler('
    ]) {
      expect(src, hook).toContain(hook);
    }
    expect(src).toContain("return { action: 'deny' }");
    expect(src).not.toContain("action: 'allow'");
  });
});

describe('where Chromium writes, and what a packaged build refuses', () => {
  it('puts userData, sessionData, crash dumps and logs under the data directory', () => {
    const dataDir = path.join(os.tmpdir(), 'anxin-data');
    for (const [name, p] of Object.entries(electronPaths(dataDir))) {
      expect(path.relative(dataDir, p).startsWith('..'), name).toBe(false);
      expect(path.isAbsolute(p), name).toBe(true);
    }
  });

  it('main.ts sets those paths and never starts the crash reporter', () => {
    const src = fs.readFileSync(path.join(electronDir, 'main.ts'), 'utf8');
    for (const name of ['userData', 'sessionData', 'crashDumps']) expect(src).toContain(`app.setPath('${name}'`);
    expect(src).toContain('app.enableSandbox()');
    expect(src).toContain('requestSingleInstanceLock()');
    expect(src).not.toMatch(/crashReporter\s*\.\s*start/);
    expect(src.indexOf("app.setPath('userData'")).toBeLessThan(src.indexOf('requestSingleInstanceLock()'));
  });

  it('finds debugging and logging switches in any spelling', () => {
    expect(findRefusedSwitches(['/opt/Anxin/anxin', '--remote-debugging-port=9222'])).toEqual(['--remote-debugging-port=9222']);
    expect(findRefusedSwitches(['anxin', '--inspect'])).toEqual(['--inspect']);
    expect(findRefusedSwitches(['anxin', '-inspect-brk=0'])).toEqual(['-inspect-brk=0']);
    expect(findRefusedSwitches(['anxin', '--ENABLE-LOGGING=file'])).toEqual(['--ENABLE-LOGGING=file']);
    expect(findRefusedSwitches(['anxin', '/remote-debugging-pipe'])).toEqual(['/remote-debugging-pipe']);
    expect(findRefusedSwitches(['anxin', '--disable-web-security'])).toEqual(['--disable-web-security']);
    expect(findRefusedSwitches(['anxin', '--lang=zh-CN', '/home/u/file.txt', 'inspect'])).toEqual([]);
  });
});
