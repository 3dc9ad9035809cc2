// Benchmarks for the caseload (bench/run.mjs bundles and runs this).
//   caseload.open_10k_ms    unlock-time load of 10k cases (with 2 tasks and 1–2 assessments
//                           each): decrypt, build the caseload registry and the search index.
//   caseload.filter_10k_ms  caseload:list through the IPC router (request parsed, 10k rows checked
//                           against the response schema) plus the renderer's filter (status,
//                           risk, language, overdue) and a search; median of 7.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as crypto from '../main/services/crypto';
import { openUnlockedSession, type UnlockedSession } from '../main/services/unlocked-session';
import { createCaseFilesHandlers } from '../main/ipc/handlers/case-files';
import { createDispatch, type Handlers } from '../main/ipc/router';
import type { HandlerContext } from '../main/ipc/context';
import type { CaseloadRow } from '../shared/domain/case-file';
import { makeCases } from './fixtures';

const N = 10_000;
const REPS = 7;
const round = (x: number, digits = 1) => Number(x.toFixed(digits));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const report = (name: string, value: number, unit: string) => console.log(JSON.stringify({ name, value: round(value), unit }));

const LANGS = ['mandarin', 'cantonese', 'wenzhou', 'hokkien', 'french', 'italian', 'dutch'];
const COUNTRIES = ['FR', 'IT', 'NL', 'BE', 'ES'];
const CITIES = ['Paris', 'Prato', 'Milano', 'Rotterdam', 'Bruxelles', 'Madrid'];
const WORKERS = ['Marie', 'Li Na', 'Sara', 'Anna', 'Wei'];
const STATUSES = ['open', 'active', 'closed'] as const;

async function main() {
  await crypto.initCrypto();
  const dir = mkdtempSync(join(tmpdir(), 'anxin-bench-caseload-'));
  const masterKey = crypto.randomKey();
  const open = () =>
    openUnlockedSession({ profileId: '0123456789abcdef', displayName: 'Bench', profileDir: dir, masterKey: new Uint8Array(masterKey), recoveryKeyConfirmed: true, idleTimeoutMinutes: 5 });
  try {
    let session: UnlockedSession = open();
    const bodies = makeCases(N, 600);
    let k = 0;
    const r = () => ((k = (k * 1103515245 + 12345) & 0x7fffffff), k / 0x7fffffff);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
    session.store.transaction(() => {
      for (const b of bodies) {
        const status = pick(STATUSES);
        const c = session.cases.create({
          ...b,
          status,
          closure: status === 'closed' ? { reason: 'goals-met', note: '' } : null,
          languages: [pick(LANGS), pick(LANGS)],
          country: pick(COUNTRIES),
          city: pick(CITIES),
          assignedWorker: pick(WORKERS)
        });
        for (let t = 0; t < 2; t++) {
          const day = 1 + Math.floor(r() * 28);
          session.caseFiles.plans.saveTask(c.id, undefined, 0, { title: `task ${t}`, dueOn: `2026-0${1 + Math.floor(r() * 6)}-${String(day).padStart(2, '0')}` });
        }
        const n = 1 + Math.floor(r() * 2);
        for (let a = 0; a < n; a++) {
          session.caseFiles.risk.assess({ caseId: c.id, assessedOn: `2026-01-0${1 + a}`, answers: r() < 0.2 ? { choking: 'yes', weapon: 'yes', 'threat-to-kill': 'yes', 'violence-worse': 'yes' } : { isolation: 'yes' } });
        }
      }
    });
    session.close();

    const t0 = performance.now();
    session = open();
    report('caseload.open_10k_ms', performance.now() - t0, 'ms');

    const s = session;
    const ctx: HandlerContext = {
      dataDir: dir,
      shell: 'browser',
      unlocked: () => s,
      current: () => s,
      emit: () => {},
      lock: () => {},
      now: Date.now
    };
    const dispatch = createDispatch(createCaseFilesHandlers(ctx) as unknown as Handlers);
    const filter = (rows: CaseloadRow[]) =>
      rows.filter((x) => x.status !== 'closed' && x.riskLevel === 'high' && x.languages.includes('wenzhou') && x.overdueTaskCount > 0);
    const times: number[] = [];
    let matched = 0;
    for (let i = 0; i < REPS; i++) {
      const t1 = performance.now();
      const res = await dispatch('caseload:list', {});
      if (!res.ok) throw new Error(res.error.code);
      const rows = res.value as CaseloadRow[];
      if (rows.length !== N) throw new Error(`expected ${N} rows, got ${rows.length}`);
      matched = filter(rows).length;
      const hits = await dispatch('caseload:search', { text: 'Prato wenzhou' });
      if (!hits.ok) throw new Error(hits.error.code);
      times.push(performance.now() - t1);
    }
    if (matched === 0) throw new Error('the filter matched nothing: the fixture is wrong');
    report('caseload.filter_10k_ms', median(times), 'ms');
    session.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
