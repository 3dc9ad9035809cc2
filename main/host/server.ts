/**
 * The browser host: serves the built renderer on 127.0.0.1 and routes the same IPC contract
 * to the same services, for machines without Electron and for end-to-end tests.
 *
 * Who may call: only a page that knows the per-run secret (it travels in the URL fragment,
 * which browsers never send to servers or put in Referer). Every /ipc and /events request
 * must carry it in the X-Anxin-Secret header; a custom header also forces a CORS preflight
 * that we never approve, so other web origins cannot call in. The Host header must be our
 * own 127.0.0.1:port (DNS-rebinding defence).
 */
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import crypto from 'node:crypto';
import path from 'node:path';
import type { Dispatch } from '../ipc/router';
import { CONTENT_SECURITY_POLICY, resolveAppAsset } from '../electron/security-policy';

export const MAX_IPC_BODY_BYTES = 2 * 1024 * 1024;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.ico': 'image/x-icon'
};

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-store'
} as const;

export type HostOptions = {
  rendererDir: string;
  dispatch: Dispatch;
  /** 127.0.0.1 only; 0 picks a free port. */
  port?: number;
  secret?: string;
};

export type Host = {
  url: string;
  origin: string;
  secret: string;
  broadcast(name: string, payload: unknown): void;
  close(): Promise<void>;
};

function secretMatches(given: string | string[] | undefined, secret: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startHost(opts: HostOptions): Promise<Host> {
  const secret = opts.secret ?? crypto.randomBytes(32).toString('base64url');
  const streams = new Set<http.ServerResponse>();
  let origin = '';

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message: 'Unexpected error' } });
      else res.end();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (`http://${req.headers.host ?? ''}` !== origin) {
      sendJson(res, 421, { ok: false, error: { code: 'ipc/forbidden-sender', message: 'Wrong host' } });
      return;
    }
    const url = new URL(req.url ?? '/', origin);

    if (url.pathname.startsWith('/ipc/') || url.pathname === '/events') {
      const sameOrigin = req.headers.origin === undefined || req.headers.origin === origin;
      if (!sameOrigin || !secretMatches(req.headers['x-anxin-secret'], secret)) {
        sendJson(res, 403, { ok: false, error: { code: 'ipc/forbidden-sender', message: 'Not allowed' } });
        return;
      }
      if (url.pathname === '/events') return openEventStream(res);
      return handleIpc(req, res, decodeURIComponent(url.pathname.slice('/ipc/'.length)));
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, { ok: false, error: { code: 'ipc/invalid-request', message: 'Method not allowed' } });
      return;
    }
    const file = resolveAppAsset(opts.rendererDir, `app://anxin${url.pathname}`);
    if (!file) {
      sendJson(res, 404, { ok: false, error: { code: 'record/not-found', message: 'Not found' } });
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream' });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      sendJson(res, 404, { ok: false, error: { code: 'record/not-found', message: 'Not found' } });
    }
  }

  async function handleIpc(req: http.IncomingMessage, res: http.ServerResponse, channel: string): Promise<void> {
    if (req.method !== 'POST' || !String(req.headers['content-type'] ?? '').startsWith('application/json')) {
      sendJson(res, 415, { ok: false, error: { code: 'ipc/invalid-request', message: 'POST application/json only' } });
      return;
    }
    const body = await readBody(req, MAX_IPC_BODY_BYTES);
    if (body === null) {
      sendJson(res, 413, { ok: false, error: { code: 'ipc/invalid-request', message: 'Request too large' } });
      return;
    }
    let request: unknown;
    try {
      request = body.length ? JSON.parse(body.toString('utf8')) : {};
    } catch {
      sendJson(res, 400, { ok: false, error: { code: 'ipc/invalid-request', message: 'Malformed JSON' } });
      return;
    }
    // Same status for every contract-level result: the renderer reads `ok`, as over Electron IPC.
    sendJson(res, 200, await opts.dispatch(channel, request));
  }

  function openEventStream(res: http.ServerResponse): void {
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    streams.add(res);
    res.on('close', () => streams.delete(res));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('host did not bind');
  origin = `http://127.0.0.1:${address.port}`;
  const heartbeat = setInterval(() => streams.forEach((s) => s.write(': ping\n\n')), 15_000);
  heartbeat.unref();

  return {
    url: `${origin}/#secret=${secret}`,
    origin,
    secret,
    broadcast(name, payload) {
      const line = `data: ${JSON.stringify({ name, payload })}\n\n`;
      streams.forEach((s) => s.write(line));
    },
    close() {
      clearInterval(heartbeat);
      streams.forEach((s) => s.end());
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
  };
}
