import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnxinMain, type AnxinMain } from '../../main/app';
import { startHost, MAX_IPC_BODY_BYTES, type Host } from '../../main/host/server';
import { KDF_FLOOR } from '../../main/services/crypto';
import { makeTempDir } from '../helpers/temp-dir';

/** Raw HTTP so that tests can send what a browser would not (wrong Host, huge bodies). */
function request(
  host: Host,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const url = new URL(host.origin);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      }
    );
    req.on('error', (e) => (opts.body && (e as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve({ status: 413, headers: {}, body: '' }) : reject(e)));
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

describe('browser host', () => {
  const tmp = makeTempDir();
  const rendererDir = path.join(tmp.dir, 'renderer');
  let app: AnxinMain;
  let host: Host;
  const events: string[] = [];

  beforeAll(async () => {
    fs.mkdirSync(rendererDir);
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
    fs.writeFileSync(path.join(tmp.dir, 'outside.txt'), 'outside the renderer');
    app = await createAnxinMain({ dataDir: path.join(tmp.dir, 'data'), shell: 'browser', kdfParams: KDF_FLOOR, emit: (n, p) => host.broadcast(n, p) });
    host = await startHost({ rendererDir, dispatch: app.dispatch });
  });
  afterAll(async () => {
    await app.close();
    await host.close();
    tmp.cleanup();
  });

  const ipcHeaders = () => ({ 'Content-Type': 'application/json', 'X-Anxin-Secret': host.secret, Host: new URL(host.origin).host });

  it('binds to loopback and puts the secret only in the URL fragment', () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const u = new URL(host.url);
    expect(u.hash).toBe(`#secret=${host.secret}`);
    expect(u.search).toBe('');
    expect(host.secret.length).toBeGreaterThanOrEqual(40);
  });

  it('serves the renderer with a strict CSP and no way out of its folder', async () => {
    const index = await request(host, { path: '/' });
    expect(index.status).toBe(200);
    const csp = String(index.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    for (const p of ['/../outside.txt', '/%2e%2e/outside.txt', '/..%2foutside.txt', '/%2e%2e%5coutside.txt']) {
      const r = await request(host, { path: p });
      expect(r.body, p).not.toContain('outside the renderer');
    }
  });

  it('refuses IPC without the secret, from another origin, or through another Host name', async () => {
    const body = '{}';
    const noSecret = await request(host, { method: 'POST', path: '/ipc/vault:status', headers: { 'Content-Type': 'application/json' }, body });
    expect(noSecret.status).toBe(403);
    const wrongSecret = await request(host, { method: 'POST', path: '/ipc/vault:status', headers: { ...ipcHeaders(), 'X-Anxin-Secret': 'x'.repeat(host.secret.length) }, body });
    expect(wrongSecret.status).toBe(403);
    const otherOrigin = await request(host, { method: 'POST', path: '/ipc/vault:status', headers: { ...ipcHeaders(), Origin: 'http://evil.example' }, body });
    expect(otherOrigin.status).toBe(403);
    const rebinding = await request(host, { method: 'POST', path: '/ipc/vault:status', headers: { ...ipcHeaders(), Host: `evil.example:${new URL(host.origin).port}` }, body });
    expect(rebinding.status).toBe(421);
    const ok = await request(host, { method: 'POST', path: '/ipc/vault:status', headers: ipcHeaders(), body });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true, value: { state: 'locked' } });
  });

  it('answers malformed and oversized requests with clear errors and stays up', async () => {
    const bad = await request(host, { method: 'POST', path: '/ipc/vault:status', headers: ipcHeaders(), body: '{not json' });
    expect(bad.status).toBe(400);
    const big = await request(host, { method: 'POST', path: '/ipc/vault:status', headers: ipcHeaders(), body: Buffer.alloc(MAX_IPC_BODY_BYTES + 10, 0x20) });
    expect(big.status).toBe(413);
    const unknown = await request(host, { method: 'POST', path: '/ipc/shell:exec', headers: ipcHeaders(), body: '{}' });
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'ipc/unknown-channel' } });
    const still = await request(host, { method: 'POST', path: '/ipc/app:info', headers: ipcHeaders(), body: '{}' });
    expect(JSON.parse(still.body)).toMatchObject({ ok: true, value: { shell: 'browser' } });
  });

  it('pushes vault:locked to the event stream', async () => {
    const url = new URL(host.origin);
    const received = new Promise<string>((resolve) => {
      const req = http.get({ host: url.hostname, port: url.port, path: '/events', headers: { 'X-Anxin-Secret': host.secret } }, (res) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          events.push(chunk);
          if (chunk.includes('vault:locked')) {
            resolve(chunk);
            req.destroy();
          }
        });
      });
    });
    await new Promise((r) => setTimeout(r, 50));
    const created = JSON.parse((await request(host, { method: 'POST', path: '/ipc/vault:create', headers: ipcHeaders(), body: JSON.stringify({ displayName: 'Host test', passphrase: 'a long and unusual passphrase 9' }) })).body);
    expect(created.ok).toBe(true);
    await request(host, { method: 'POST', path: '/ipc/vault:lock', headers: ipcHeaders(), body: JSON.stringify({ reason: 'shortcut' }) });
    expect(await received).toContain('"reason":"shortcut"');
  });
});
