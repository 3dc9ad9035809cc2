/**
 * Set-up for tests that need a referral to exist but do not test how it came about (the
 * coordinator's path through the Network screen and the composer is tests/e2e/referrals.test.ts):
 * two organisations on one relay form a network and one sends the other a referral, all through
 * each side's IPC. `startTwoOrganisations` starts the whole scene (relay, two browser hosts,
 * Chromium, vaults) up to a chosen stage and tears it down. `Call` is the channel call of either shell: the browser host's IPC endpoint
 * (hostCall) or, in tests/electron, `window.anxin`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { composeLetter, findBuiltInTemplate } from '../../shared/domain/referrals/letter';
import type { Letter, NetworkOrganisation, NetworkStatus, OrganisationProfileInput, ReferralSummary } from '../../shared/domain/referrals/schemas';
import { startTestRelay, type TestRelay } from '../integration/sync-fixtures';
import { chromiumAvailable, launchChromium, makeTempDir, newPage, startHostProcess, stopHostProcess, type RunningHost } from './fixtures';
import { ipc, ReferralDetailPage, ReferralsBoardPage } from './pages/referrals';
import { CreateVaultPage, RecoveryKeyPage, UnlockPage } from './pages/vault-pages';

export type Call = <T = unknown>(channel: string, body?: unknown) => Promise<T>;

/** Channels of a browser host, from inside its page (with the per-run secret). */
export const hostCall =
  (page: Page): Call =>
  <T,>(channel: string, body: unknown = {}) =>
    ipc<T>(page, channel, body);

export const BRUSSELS: OrganisationProfileInput = {
  name: 'Lotus Harbour Brussels (demo)',
  country: 'BE',
  city: 'Brussels',
  demo: true,
  services: [{ type: 'shelter', name: 'Lotus Harbour shelter (demo)', city: 'Brussels', languages: ['mandarin', 'french', 'dutch'], acceptsReferrals: true }]
};
export const LYON: OrganisationProfileInput = {
  name: 'Quince Legal Aid Lyon (demo)',
  country: 'FR',
  city: 'Lyon',
  demo: true,
  services: [
    { type: 'hotline', name: 'Quince hotline (demo)', city: 'Lyon', languages: ['mandarin', 'cantonese'], acceptsReferrals: false },
    { type: 'legal-aid', name: 'Quince legal aid desk (demo)', city: 'Lyon', languages: ['mandarin', 'french'], acceptsReferrals: true }
  ]
};

/** A new vault through the UI, recovery key confirmed, at the caseload. */
export async function createVault(page: Page, name: string, passphrase: string): Promise<void> {
  await new CreateVaultPage(page).create(name, passphrase);
  const recovery = new RecoveryKeyPage(page);
  const key = await recovery.readKey();
  await recovery.written();
  await recovery.confirm(key);
  await page.getByTestId('case-new').waitFor();
}

type Profiles = { coordinator: OrganisationProfileInput; partner: OrganisationProfileInput };

/** Both become organisations on the relay, each with its profile (no network yet). */
export async function joinRelay(coordinator: Call, partner: Call, relayUrl: string, profiles: Profiles = { coordinator: BRUSSELS, partner: LYON }): Promise<void> {
  await coordinator('sync:createOrg', { relayUrl, label: 'coordinator desk' });
  await partner('sync:createOrg', { relayUrl, label: 'partner desk' });
  await coordinator('network:setProfile', { profile: profiles.coordinator });
  await partner('network:setProfile', { profile: profiles.partner });
}

/**
 * Both become organisations on the relay with their profiles; the first creates a network and
 * admits the second, which joins. Returns the second's organisation id.
 */
export async function formNetwork(coordinator: Call, partner: Call, relayUrl: string, profiles: Profiles = { coordinator: BRUSSELS, partner: LYON }): Promise<string> {
  await joinRelay(coordinator, partner, relayUrl, profiles);
  const created = await coordinator<NetworkStatus>('network:create', { name: 'Demo network (fictional)' });
  const request = await partner<{ text: string; fingerprint: string }>('network:joinRequest', {});
  const { invitation } = await coordinator<{ invitation: string }>('network:admit', { text: request.text, fingerprint: request.fingerprint, validUntil: '2099-12-31' });
  await partner('network:join', { text: invitation, fingerprint: created.network!.fingerprint });
  await partner('network:refresh', {});
  await coordinator('network:refresh', {});
  const status = await partner<NetworkStatus>('network:status', {});
  return status.organisationId!;
}

/**
 * The built-in legal-aid letter (Chinese + French) for a referral that shares her languages only,
 * no attachments, under an audited override, dated today.
 */
export function legalAidLetter(opts: { receiverName: string; serviceName: string; senderName: string; senderContact: string; pseudonym: string; reference: string }): Letter {
  return composeLetter(findBuiltInTemplate('builtin:legal-aid')!, 'fr', {
    ...opts,
    languages: ['mandarin'],
    fields: ['languages'],
    attachments: 0,
    consent: 'override',
    date: new Date().toISOString().slice(0, 10)
  });
}

export type SentReferral = { summary: ReferralSummary; letter: Letter };

/**
 * A case and a referral of it to `partnerId`'s first service that accepts referrals, with the
 * built-in legal-aid letter (Chinese + French), sent under an audited override (no consent record).
 */
export async function sendReferral(coordinator: Call, partnerId: string, opts: { pseudonym: string; senderName: string; receiverName: string }): Promise<SentReferral> {
  const created = await coordinator<{ id: string }>('cases:create', { fields: { pseudonym: opts.pseudonym, status: 'open', summary: 'Needs legal advice (e2e).', languages: ['mandarin'] } });
  const prep = await coordinator<{ reference: string; receiver: NetworkOrganisation }>('referrals:prepare', { caseId: created.id, organisationId: partnerId });
  const serviceIndex = prep.receiver.profile.services.findIndex((s) => s.acceptsReferrals);
  const service = prep.receiver.profile.services[serviceIndex]!;
  const letter = legalAidLetter({ ...opts, serviceName: service.name, senderContact: 'Marie, +32 2 000 00 00', reference: prep.reference });
  const summary = await coordinator<ReferralSummary>('referrals:send', {
    caseId: created.id,
    organisationId: partnerId,
    serviceIndex,
    reference: prep.reference,
    fields: ['languages'],
    attachmentIds: [],
    letter,
    consentOverride: 'She asked us by phone to refer her today (e2e set-up).'
  });
  return { summary, letter };
}

/**
 * Syncs every side's referrals with the relay until `done` holds, for at most 30 s (elapsed
 * time, not a count of tries: each try's syncs take longer on a loaded machine); for hooks, where
 * expect.poll is not meant to be used.
 */
export async function syncUntil(calls: Call[], done: () => Promise<boolean>, what: string): Promise<void> {
  const start = Date.now();
  for (;;) {
    for (const c of calls) await c('referrals:sync');
    if (await done()) return;
    if (Date.now() - start > 30_000) throw new Error(what);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Saves a screenshot as `<dir>/<name>.png` when `dir` is set: the whole page in one viewport (a
 * full-page capture would repeat the fixed header mid-page), then back to the usual 1280×800.
 */
export async function saveShot(page: Page, dir: string | undefined, name: string): Promise<void> {
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: 1280, height: Math.min(Math.max(height, 800), 6000) });
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** Text without any white space (PDF text breaks lines where the page does). */
export const squash = (s: string) => s.replace(/\s+/g, '');
/** A PDF's text by pdftotext; `layout`: in physical order (a line mixing Latin and CJK fonts stays one line). */
export const pdfText = (file: string, layout = false) => execFileSync('pdftotext', [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });

/**
 * The letter PDF of the referral sent by `sendReferral` (Brussels to Lyon, built-in legal-aid
 * letter): a PDF, with the reference, the verification fingerprint, both organisations and both
 * letters (their closing lines in Chinese and French).
 */
export function expectWholeLetterPdf(file: string, want: { reference: string; verification: string; layout?: boolean }): void {
  expect(fs.readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const flat = squash(pdfText(file, want.layout));
  expect(flat).toContain(want.reference);
  expect(flat).toContain(squash(want.verification));
  expect(flat).toContain(squash(BRUSSELS.name));
  expect(flat).toContain(squash(LYON.name));
  expect(flat).toContain(squash('感谢您的帮助！'));
  expect(flat).toContain(squash('Merci pour votre aide.'));
}

/** Opens `reference` from the status board's `tab` once it is listed there; returns its detail page. */
export async function openReferralFrom(page: Page, tab: 'sent' | 'received', reference: string): Promise<ReferralDetailPage> {
  const board = new ReferralsBoardPage(page);
  await board.open(tab);
  await expect.poll(() => board.statusOf(reference)).not.toBeNull();
  await board.openReferral(reference);
  return new ReferralDetailPage(page);
}

export const PASSPHRASE = 'harbour lantern ninety softly 安心';

/** How far `startTwoOrganisations` goes. Each stage includes the ones before it. */
export type Stage =
  /** A vault on each side (Marie in Brussels, Sophie in Lyon), at the caseload. */
  | 'vaults'
  /** …and each side an organisation on the relay with its profile (BRUSSELS, LYON): no network yet. */
  | 'organisations'
  /** …and Brussels has formed a network and admitted Lyon (formNetwork). */
  | 'network'
  /** …and Brussels has sent Lyon a referral (sendReferral), not yet fetched by Lyon. */
  | 'referral'
  /** …and Lyon has fetched it from the relay. */
  | 'delivered';

export type TwoOrganisations = {
  relay: TestRelay;
  /** Brussels (the coordinator) and Lyon (the partner): host, page, and the page's channel call. */
  hostA: RunningHost;
  hostB: RunningHost;
  browser: Browser;
  coord: Page;
  partner: Page;
  /** Lyon's organisation id once the network is formed ('' before). */
  partnerId: string;
  /** The referral from Brussels to Lyon, from the 'referral' stage on. */
  sent?: SentReferral;
  /**
   * Stops one side's host, starts it again on the same data directory with `env` (for instance
   * ANXIN_CLOCK_OFFSET_MS), unlocks it in a new page, and returns that page (also put in
   * `coord` / `partner`, and the host in `hostA` / `hostB`).
   */
  restart(side: 'coord' | 'partner', env: Record<string, string>): Promise<Page>;
  /** Closes the browser, stops both hosts and the relay, removes the data dirs. Safe to call twice. */
  stop(): Promise<void>;
};

/**
 * Two organisations for an end-to-end test: a relay on 127.0.0.1, two browser hosts (Brussels and
 * Lyon) on temp data dirs, Chromium with a page on each, brought to `stage` (default 'network').
 * If any step fails, everything already started is stopped and removed before the error is
 * thrown; otherwise call `stop()` in afterAll.
 */
export async function startTwoOrganisations(opts: { tmpPrefix: string; stage?: Stage; pseudonym?: string }): Promise<TwoOrganisations> {
  const stage = opts.stage ?? 'network';
  const reached = (s: Stage) => STAGES.indexOf(stage) >= STAGES.indexOf(s);
  const tmpA = makeTempDir(`${opts.tmpPrefix}a-`);
  const tmpB = makeTempDir(`${opts.tmpPrefix}b-`);
  let stopped = false;
  const orgs = { partnerId: '' } as TwoOrganisations;
  orgs.stop = async () => {
    if (stopped) return;
    stopped = true;
    await orgs.browser?.close();
    if (orgs.hostA) await stopHostProcess(orgs.hostA);
    if (orgs.hostB) await stopHostProcess(orgs.hostB);
    await orgs.relay?.stop();
    tmpA.cleanup();
    tmpB.cleanup();
  };
  orgs.restart = async (side, env) => {
    const key = side === 'coord' ? 'hostA' : 'hostB';
    await stopHostProcess(orgs[key]);
    orgs[key] = await startHostProcess(orgs[key].dataDir, env);
    const page = await newPage(orgs.browser, orgs[key].url);
    await new UnlockPage(page).unlock(PASSPHRASE);
    await page.getByTestId('case-new').waitFor();
    orgs[side] = page;
    return page;
  };
  try {
    if (!chromiumAvailable()) throw new Error('Chromium not found: apt-get install chromium, or set CHROMIUM_PATH');
    orgs.relay = await startTestRelay();
    const [hostA, hostB] = await Promise.allSettled([startHostProcess(tmpA.dir), startHostProcess(tmpB.dir)]);
    if (hostA.status === 'fulfilled') orgs.hostA = hostA.value;
    if (hostB.status === 'fulfilled') orgs.hostB = hostB.value;
    if (hostA.status === 'rejected') throw hostA.reason;
    if (hostB.status === 'rejected') throw hostB.reason;
    orgs.browser = await launchChromium();
    orgs.coord = await newPage(orgs.browser, orgs.hostA.url);
    orgs.partner = await newPage(orgs.browser, orgs.hostB.url);
    await createVault(orgs.coord, 'Marie', PASSPHRASE);
    await createVault(orgs.partner, 'Sophie', PASSPHRASE);
    const coordinator = hostCall(orgs.coord);
    const partner = hostCall(orgs.partner);
    if (stage === 'organisations') {
      await joinRelay(coordinator, partner, orgs.relay.url);
      return orgs;
    }
    if (reached('network')) orgs.partnerId = await formNetwork(coordinator, partner, orgs.relay.url);
    if (reached('referral')) {
      orgs.sent = await sendReferral(coordinator, orgs.partnerId, { pseudonym: opts.pseudonym ?? 'Mei', senderName: BRUSSELS.name, receiverName: LYON.name });
    }
    if (reached('delivered')) {
      const reference = orgs.sent!.summary.reference;
      await syncUntil(
        [coordinator, partner],
        async () => (await partner<{ received: ReferralSummary[] }>('referrals:list')).received.some((r) => r.reference === reference),
        'the referral did not reach the partner'
      );
    }
    return orgs;
  } catch (e) {
    await orgs.stop().catch(() => undefined);
    throw e;
  }
}
const STAGES: Stage[] = ['vaults', 'organisations', 'network', 'referral', 'delivered'];
