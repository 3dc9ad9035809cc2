/**
 * The relay as `npm run relay` runs it: the bundled CLI in a child process, on 127.0.0.1 with
 * its SQLite data directory from ANXIN_RELAY_DATA_DIR; the banner, /health, a SIGTERM that drains
 * and exits 0, and a SIGKILL mid-upload after which every acknowledged envelope is still there.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgBody, newDevice, newOrg, randomHex, RelayClient } from '../../relay/dev-client';
import { envelopesPath, pullPath, type PullResponse, type UploadResponse } from '../../shared/relay/protocol';
import { makeTempDir } from '../helpers/temp-dir';

let bundle: ReturnType<typeof makeTempDir>;
let cli: string;

function startCli(dataDir: string): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [cli, '--port', '0'], { env: { ...process.env, ANXIN_RELAY_DATA_DIR: dataDir, NODE_PATH: join(process.cwd(), 'node_modules') }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`relay did not start: ${out}`)), 20_000);
    const poll = setInterval(() => {
      const m = /Anxin relay listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(t);
        clearInterval(poll);
        resolve({ child, url: m[1]!, output: () => out });
      }
    }, 20);
    child.on('exit', (code) => {
      clearTimeout(t);
      clearInterval(poll);
      reject(new Error(`relay exited with ${code}: ${out}`));
    });
  });
}
const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

beforeAll(async () => {
  bundle = makeTempDir('anxin-relay-cli-');
  cli = join(bundle.dir, 'relay.cjs');
  await build({ entryPoints: ['relay/main.ts'], bundle: true, platform: 'node', target: 'node22', format: 'cjs', packages: 'external', outfile: cli, logLevel: 'warning' });
});
afterAll(() => bundle.cleanup());

describe('relay CLI', () => {
  it('starts on 127.0.0.1 with zero setup, answers /health, and exits 0 on SIGTERM after draining', async () => {
    const data = makeTempDir('anxin-relay-cli-data-');
    const { child, url, output } = await startCli(data.dir);
    try {
      expect((await fetch(`${url}/health`)).status).toBe(200);
      expect(existsSync(join(data.dir, 'relay.db'))).toBe(true);
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).toContain('anxin_relay_process_cpu_user_seconds_total');
      child.kill('SIGTERM');
      expect(await exited(child)).toBe(0);
      const lines = output().split('\n').filter((l) => l.startsWith('{'));
      expect(lines.map((l) => JSON.parse(l).msg)).toEqual(expect.arrayContaining(['relay ready', 'shutting down', 'relay stopped']));
    } finally {
      child.kill('SIGKILL');
      data.cleanup();
    }
  });

  it('keeps every acknowledged upload after a SIGKILL mid-stream, without duplicates, and the database is intact', async () => {
    const data = makeTempDir('anxin-relay-cli-kill-');
    let { child, url } = await startCli(data.dir);
    const org = newOrg();
    const device = newDevice(org.orgId);
    let c = new RelayClient(url, device);
    const acknowledged = new Map<string, number>();
    try {
      expect((await c.request('POST', '/v1/orgs', createOrgBody(org, device))).status).toBe(201);
      // Four writers upload one envelope at a time; the relay is killed while they are mid-stream.
      let killed = false;
      const writer = async () => {
        for (let i = 0; i < 500; i++) {
          const id = randomHex(16);
          try {
            const a = await c.request('POST', envelopesPath(org.orgId, 'org'), { v: 1, envelopes: [{ v: 1, id, payload: Buffer.alloc(256, i).toString('base64') }] });
            if (a.status !== 200) return;
            acknowledged.set(id, (a.body as UploadResponse).results[0]!.seq);
          } catch {
            return; // connection reset or refused: the relay is gone
          }
          if (!killed && acknowledged.size >= 60) {
            killed = true;
            child.kill('SIGKILL');
          }
        }
      };
      await Promise.all([writer(), writer(), writer(), writer()]);
      expect(killed).toBe(true);
      await exited(child);
      expect(acknowledged.size).toBeGreaterThan(0);
      c.close();
      const db = new Database(join(data.dir, 'relay.db'));
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();

      ({ child, url } = await startCli(data.dir));
      c = new RelayClient(url, device);
      const all: PullResponse['envelopes'] = [];
      let after = 0;
      for (let page = 0; page < 10; page++) {
        const p = (await c.request('GET', pullPath(org.orgId, 'org', after, 100))).body as PullResponse;
        all.push(...p.envelopes);
        after = p.next;
        if (p.next >= p.head) break;
      }
      const ids = all.map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
      for (const [id, seq] of acknowledged) expect(all.find((e) => e.id === id)?.seq).toBe(seq);
      child.kill('SIGTERM');
      expect(await exited(child)).toBe(0);
    } finally {
      c.close();
      child.kill('SIGKILL');
      data.cleanup();
    }
  });
});
