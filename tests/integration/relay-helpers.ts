/**
 * Helpers for the relay's tests: a PostgreSQL server for the storage suite, and an in-process
 * relay on 127.0.0.1.
 *
 * PostgreSQL: ANXIN_TEST_PG_URL when set (CI: .ci/run starts Debian's server and exports it);
 * otherwise a throw-away cluster (initdb + pg_ctl from /usr/lib/postgresql/<v>/bin) on a free
 * loopback port. When neither works the PostgreSQL run is skipped with the reason printed —
 * except on CI (CI=true), where a missing server is a failure.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { defaultConfig, type RelayConfig } from '../../relay/config';
import { createLogger } from '../../relay/logger';
import { startRelay, type Relay } from '../../relay/server';
import { openSqliteStorage } from '../../relay/storage/sqlite';

export type PgServer = { url: string; stop: () => Promise<void> };

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });

async function startThrowawayCluster(): Promise<PgServer> {
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort().reverse() : [];
  const bin = versions.map((v) => `/usr/lib/postgresql/${v}/bin`).find((b) => existsSync(join(b, 'initdb')));
  if (!bin) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)');
  const dir = mkdtempSync(join(tmpdir(), 'anxin-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) =>
    asRoot ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], { stdio: 'pipe' }) : execFileSync(join(bin, cmd), args, { stdio: 'pipe' });
  if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), Number(execFileSync('id', ['-g', 'postgres']).toString().trim()));
  const data = join(dir, 'data');
  const port = await freePort();
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
  run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '30', '-o', `-h 127.0.0.1 -p ${port} -k ${dir} -F`, 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  };
}

/** A fresh database on the test server; dropped by `stop`. */
export async function postgresForTests(): Promise<PgServer | { skip: string }> {
  let server: PgServer;
  try {
    const given = process.env.ANXIN_TEST_PG_URL;
    server = given ? { url: given, stop: async () => undefined } : await startThrowawayCluster();
  } catch (err) {
    const reason = `PostgreSQL storage tests skipped: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
    if (process.env.CI === 'true') throw new Error(`${reason} — on CI a PostgreSQL server is required (set ANXIN_TEST_PG_URL)`);
    console.warn(reason);
    return { skip: reason };
  }
  const name = `anxin_relay_test_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server.url);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    stop: async () => {
      const c = new pg.Client({ connectionString: server.url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      await server.stop();
    }
  };
}

/** A relay on 127.0.0.1, port 0, SQLite in `dataDir`, logs discarded unless ANXIN_TEST_RELAY_LOGS is set. */
export async function startTestRelay(dataDir: string, overrides: Partial<RelayConfig> = {}, opts: { now?: () => number } = {}): Promise<Relay> {
  const config: RelayConfig = { ...defaultConfig(), port: 0, dataDir, ...overrides };
  const logger = createLogger(process.env.ANXIN_TEST_RELAY_LOGS ? 'debug' : 'silent');
  return startRelay(config, { storage: openSqliteStorage(dataDir), logger, ...opts });
}
