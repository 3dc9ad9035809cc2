/**
 * Every security decision of the Electron shell, as plain constants and pure functions.
 * No `electron` import: tests/unit/electron-security.test.ts checks all of this in plain
 * Node, and the thin wiring next to this file (window.ts, protocol.ts, navigation-guards.ts,
 * ipc.ts …) only applies it. Why each setting exists: docs/electron-hardening.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Result } from '../../shared/result';

// ---------------------------------------------------------------------------------------
// The app origin. The renderer is served from app://anxin/ by our own protocol handler,
// never from file:// (which would share an origin with every file on the disk) or http.

export const APP_SCHEME = 'app';
export const APP_HOST = 'anxin';
export const APP_ORIGIN = 'app://anxin';
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Privileges of the app:// scheme (protocol.registerSchemesAsPrivileged). `standard` gives
 * it a real origin, `secure` makes it a secure context, `supportFetchAPI` lets the page load
 * its own modules. Everything else stays off: no CSP bypass, no service workers, no CORS.
 */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  bypassCSP: false,
  allowServiceWorkers: false,
  corsEnabled: false,
  stream: false,
  codeCache: false
} as const;

/**
 * The renderer's session partition. No `persist:` prefix: the session lives in memory only,
 * so nothing the renderer does (cache, localStorage, IndexedDB, cookies) reaches the disk.
 */
export const SESSION_PARTITION = 'anxin';

// ---------------------------------------------------------------------------------------
// BrowserWindow webPreferences. window.ts writes these out literally (so electronegativity
// can see them); its type there is `typeof WEB_PREFERENCES`, and a unit test checks that
// the literal equals this object.

export const WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  spellcheck: false,
  safeDialogs: true,
  partition: SESSION_PARTITION
} as const;

/** DevTools only in development: a packaged build never opens an inspector on case data. */
export function devToolsEnabled(isPackaged: boolean): boolean {
  return !isPackaged;
}

// ---------------------------------------------------------------------------------------
// Content-Security-Policy, sent as a header with every app:// response (protocol.ts).

export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'blob:', 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  // No workers today; never blob: (a blob worker is eval with extra steps).
  'worker-src': ["'none'"],
  'media-src': ["'none'"],
  'manifest-src': ["'none'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
  'frame-src': ["'none'"]
};

export const CONTENT_SECURITY_POLICY = Object.entries(CSP_DIRECTIVES)
  .map(([name, values]) => `${name} ${values.join(' ')}`)
  .join('; ');

// ---------------------------------------------------------------------------------------
// URLs

const hasControlCharacter = (text: string) => [...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

/**
 * Parses a URL as Chromium serialises it. Raw whitespace or control characters are refused
 * rather than trimmed away: a serialised URL never contains them, a crafted string might.
 */
function parseUrl(url: unknown): URL | null {
  if (typeof url !== 'string' || url.length === 0 || url.length > 4096) return null;
  if (/\s/.test(url) || hasControlCharacter(url)) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True only for app://anxin/… exactly: no lookalike host, no credentials, no port. */
export function isAppUrl(url: unknown): boolean {
  const u = parseUrl(url);
  return (
    u !== null &&
    u.protocol === `${APP_SCHEME}:` &&
    u.hostname === APP_HOST &&
    u.port === '' &&
    u.username === '' &&
    u.password === ''
  );
}

/** The window may only ever show the app itself. */
export function shouldAllowNavigation(url: unknown): boolean {
  return isAppUrl(url);
}

/**
 * Downloads are how the person saves an export she asked for (an encrypted attachment export,
 * an anonymised story): the renderer hands main a `blob:` URL created by the app page itself.
 * Anything else (a link to a web page, a data: URL, a blob from another origin) is cancelled.
 */
export function isAllowedDownloadUrl(url: unknown): boolean {
  if (typeof url !== 'string' || !url.startsWith('blob:')) return false;
  return isAppUrl(url.slice('blob:'.length));
}

/** IPC is answered only for frames showing the app (ipc.ts also requires the top frame). */
export function isTrustedSender(frameUrl: string | null | undefined): boolean {
  return isAppUrl(frameUrl);
}

/** What a rejected IPC sender gets back (never the handler's answer). */
export const FORBIDDEN_SENDER_RESULT: Result<never> = Object.freeze({
  ok: false,
  error: Object.freeze({ code: 'ipc/forbidden-sender', message: 'IPC from an untrusted frame' })
}) as Result<never>;

/**
 * Hosts the app may open in the system browser (openExternalSafely). Exact host names;
 * https only. Deliberately short: every entry is a place the app can send someone.
 * `docs.anxin.example` is the placeholder for the project's documentation site.
 */
export const EXTERNAL_LINK_ALLOWLIST: readonly string[] = Object.freeze(['docs.anxin.example']);

export function isAllowedExternalUrl(url: unknown): boolean {
  // Whitespace, control characters and backslashes have no place in a link we open.
  if (typeof url !== 'string' || url.includes('\\')) return false;
  const u = parseUrl(url);
  return (
    u !== null &&
    u.protocol === 'https:' &&
    u.username === '' &&
    u.password === '' &&
    u.port === '' &&
    EXTERNAL_LINK_ALLOWLIST.includes(u.hostname)
  );
}

// ---------------------------------------------------------------------------------------
// Serving the renderer

const isInside = (root: string, candidate: string) => candidate.startsWith(root.endsWith(path.sep) ? root : root + path.sep);

/**
 * Maps an app:// request to a file under `rootDir`, or null (→ 404). Rejects anything that
 * could leave the folder: `..` (plain or percent-encoded), encoded slashes, backslashes,
 * NUL, drive letters, dotfiles, and symlinks pointing outside. `/` serves index.html.
 */
export function resolveAppAsset(rootDir: string, requestUrl: string): string | null {
  if (!isAppUrl(requestUrl)) return null;
  // The raw text first: the URL parser already folds some of these, we refuse them all.
  const rawPath = requestUrl.slice(APP_ORIGIN.length).split(/[?#]/, 1)[0] ?? '';
  if (/\\|%5c|%2f|%00/i.test(rawPath) || hasControlCharacter(rawPath)) return null;

  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(requestUrl).pathname);
  } catch {
    return null;
  }
  if (pathname === '' || pathname === '/') pathname = '/index.html';
  const segments = pathname.split('/').slice(1);
  for (const s of segments) {
    if (s === '' || s.startsWith('.') || s.includes('\\') || s.includes('\u0000') || s.includes(':')) return null;
  }

  let root: string;
  try {
    root = fs.realpathSync(path.resolve(rootDir));
  } catch {
    return null;
  }
  const candidate = path.resolve(root, ...segments);
  if (!isInside(root, candidate)) return null;
  try {
    const real = fs.realpathSync(candidate);
    if (!isInside(root, real) || !fs.statSync(real).isFile()) return null;
    return real;
  } catch {
    return null;
  }
}

export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm'
};

export function mimeTypeFor(filePath: string): string {
  return MIME_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/** Headers of every app:// response (protocol.ts). */
export function responseHeadersFor(filePath: string): Record<string, string> {
  return {
    'content-type': mimeTypeFor(filePath),
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), display-capture=(), usb=(), serial=(), hid=()',
    'cache-control': 'no-store'
  };
}

/** Requests the renderer's session cancels outright: CSP already forbids them, this is the second wall. */
export const BLOCKED_REQUEST_URL_PATTERNS: readonly string[] = Object.freeze(['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*']);

// ---------------------------------------------------------------------------------------
// Permissions: every request (camera, microphone, notifications, clipboard, geolocation,
// fullscreen, HID/USB/serial, display capture, openExternal …) is denied.

export const PERMISSION_POLICY = Object.freeze({ default: 'deny', granted: Object.freeze([] as string[]) });

export function isPermissionGranted(permission: string): boolean {
  return PERMISSION_POLICY.granted.includes(permission);
}

// ---------------------------------------------------------------------------------------
// Where Chromium may write: everything under the Anxin data directory, in one subfolder.

export function electronPaths(dataDir: string): { userData: string; sessionData: string; crashDumps: string; logs: string } {
  const root = path.join(dataDir, 'electron');
  return {
    userData: root,
    sessionData: path.join(root, 'session'),
    crashDumps: path.join(root, 'crash-dumps'),
    logs: path.join(root, 'logs')
  };
}

/**
 * Command-line switches a packaged build refuses to start with: they attach a debugger to
 * an unlocked vault, write Chromium logs to disk, or switch off web security. (Fuses already
 * make Node ignore --inspect; these are Chromium's own switches, which fuses do not cover.)
 */
export const REFUSED_SWITCHES: readonly string[] = Object.freeze([
  'inspect',
  'inspect-brk',
  'inspect-port',
  'debug',
  'debug-brk',
  'remote-debugging-port',
  'remote-debugging-pipe',
  'remote-debugging-address',
  'remote-allow-origins',
  'js-flags',
  'enable-logging',
  'log-file',
  'disable-web-security',
  'allow-running-insecure-content'
]);

/** Chromium accepts `--name`, `-name` and (Windows) `/name`, with or without `=value`. */
export function findRefusedSwitches(argv: readonly string[]): string[] {
  return argv.filter((arg) => {
    const name = (arg.match(/^(?:--|-|\/)([^=]+)/)?.[1] ?? '').toLowerCase();
    return REFUSED_SWITCHES.includes(name);
  });
}
