/**
 * The referral letter in the real Electron shell (docs/referrals.md, "Printing"): the app is
 * the receiving organisation; a sending organisation runs in this test process (a full session,
 * tests/integration/network-fixtures) on a relay on 127.0.0.1. Set-up through channels
 * (`window.anxin`), then the path under test in the window: open the referral, "Download letter
 * (PDF)" — a blob: of app://anxin, which the session's will-download guard lets through to the
 * save dialogue; here the test chooses the path (setSavePath, as picking a file in the dialogue
 * would) — and the saved file read back with pdftotext. Then "Print letter": window.print is
 * counted (a real one would open the system dialogue and block the run), and what Electron's own
 * printing makes of the page (webContents.printToPDF, print media) is the letter alone.
 * Runs wherever an Electron binary exists, like app.test.ts; needs `npm run build` first.
 */
import fs from 'node:fs';
import path from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initCrypto } from '../../main/services/crypto';
import type { NetworkStatus, ReferralSummary } from '../../shared/domain/referrals/schemas';
import { BRUSSELS, createVault, expectWholeLetterPdf, legalAidLetter, LYON, pdfText, squash, type Call } from '../e2e/referrals-setup';
import { ReferralDetailPage, ReferralsBoardPage } from '../e2e/pages/referrals';
import { closeSession, openOrganisation } from '../integration/network-fixtures';
import { startTestRelay, type TestRelay } from '../integration/sync-fixtures';
import { makeTempDir } from '../helpers/temp-dir';
import { findElectronBinary } from './electron-binary';

const repo = path.resolve(__dirname, '..', '..');
const ENTRY = path.join(repo, 'dist', 'main', 'electron.cjs');
const binary = findElectronBinary();
if (!binary) console.log('skipped: no Electron binary (node_modules/electron/dist or ELECTRON_OVERRIDE_DIST_PATH)');

const PASSPHRASE = 'harbour violet eleven slowly 安心';

/** A channel of the app, through the preload's `window.anxin` (the page's own API). */
const electronCall =
  (page: Page): Call =>
  async <T,>(channel: string, body: unknown = {}) => {
    const result = await page.evaluate(
      ({ channel, body }) => {
        const [domain, verb] = channel.split(':') as [string, string];
        const api = (window as unknown as { anxin: Record<string, Record<string, (r: unknown) => Promise<{ ok: boolean; value?: unknown; error?: unknown }>>> }).anxin;
        return api[domain]![verb]!(body);
      },
      { channel, body }
    );
    if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
    return result.value as T;
  };

describe.skipIf(!binary)(binary ? 'the referral letter in Electron' : 'the referral letter in Electron: skipped: no Electron binary', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let relay: TestRelay;
  let sender: Awaited<ReturnType<typeof openOrganisation>>;
  let app: ElectronApplication;
  let page: Page;
  let reference = '';

  beforeAll(async () => {
    if (!fs.existsSync(ENTRY)) throw new Error('dist/main/electron.cjs is missing: run `npm run build` first');
    // Created here, not in the describe body: that body also runs when the suite is skipped.
    tmp = makeTempDir('anxin-electron-letter-');
    await initCrypto();
    relay = await startTestRelay();
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'ELECTRON_RUN_AS_NODE') env[k] = v;
    env['ANXIN_DATA_DIR'] = path.join(tmp.dir, 'data');
    app = await _electron.launch({ executablePath: binary!, args: [repo], env, timeout: 60_000 });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    await createVault(page, 'Sophie', PASSPHRASE);

    // The app is Lyon; Brussels (in this process) coordinates the network and sends the referral.
    const call = electronCall(page);
    sender = await openOrganisation(relay, 'Brussels desk');
    const s = sender.session;
    s.network.setProfile(BRUSSELS);
    const created = await s.network.create('Demo network (fictional)');
    await call('sync:createOrg', { relayUrl: relay.url, label: 'Lyon desk' });
    await call('network:setProfile', { profile: LYON });
    const request = await call<{ text: string; fingerprint: string }>('network:joinRequest');
    const { invitation } = await s.network.admit({ text: request.text, fingerprint: request.fingerprint, validUntil: '2099-12-31' });
    await call('network:join', { text: invitation, fingerprint: created.network!.fingerprint });
    await call('network:refresh');
    await s.network.refresh();
    const lyonId = (await call<NetworkStatus>('network:status')).organisationId!;

    const c = s.cases.create({ pseudonym: 'Mei', status: 'open', summary: 'Needs legal advice (Electron test).', languages: ['mandarin'] });
    const prep = s.referrals.prepare(c.id, lyonId);
    const serviceIndex = prep.receiver.profile.services.findIndex((x) => x.acceptsReferrals);
    const letter = legalAidLetter({
      receiverName: LYON.name,
      serviceName: prep.receiver.profile.services[serviceIndex]!.name,
      senderName: BRUSSELS.name,
      senderContact: '',
      pseudonym: 'Mei',
      reference: prep.reference
    });
    const sent = await s.referrals.send({
      caseId: c.id,
      organisationId: lyonId,
      serviceIndex,
      reference: prep.reference,
      fields: ['languages'],
      attachmentIds: [],
      letter,
      consentOverride: 'She asked us by phone to refer her today (test set-up).'
    });
    reference = sent.reference;
    for (let attempt = 0; ; attempt++) {
      await call('referrals:sync');
      const list = await call<{ received: ReferralSummary[] }>('referrals:list');
      if (list.received.some((r) => r.reference === reference)) break;
      if (attempt === 50) throw new Error('the referral did not reach the app');
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 120_000);

  afterAll(async () => {
    await app?.close().catch(() => {});
    if (sender) {
      await closeSession(sender.session);
      sender.tmp.cleanup();
    }
    await relay?.stop();
    tmp?.cleanup();
  });

  it('opens the referral and saves the letter PDF through will-download (pdftotext reads it)', async () => {
    const board = new ReferralsBoardPage(page);
    await board.open();
    await board.tab('received');
    await board.openReferral(reference);
    const verification = (await new ReferralDetailPage(page).verification()) ?? '';
    expect(verification).toMatch(/\d/);

    const target = path.join(tmp.dir, 'chosen', `${reference}.pdf`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    await app.evaluate(({ BrowserWindow }, file) => {
      const ses = BrowserWindow.getAllWindows()[0]!.webContents.session;
      const g = globalThis as unknown as { __letterDownload?: { url: string; state: string } };
      ses.once('will-download', (_event, item) => {
        // The guard (navigation-guards.ts) ran first: a blob: of app://anxin is let through to the dialogue.
        item.setSavePath(file);
        item.once('done', (_e, state) => {
          g.__letterDownload = { url: item.getURL(), state };
        });
      });
    }, target);
    await new ReferralDetailPage(page).pdfButton().click();
    await expect
      .poll(() => app.evaluate(() => (globalThis as unknown as { __letterDownload?: { url: string; state: string } }).__letterDownload ?? null), { timeout: 20_000 })
      .toMatchObject({ state: 'completed', url: expect.stringMatching(/^blob:app:\/\/anxin\//) });

    expectWholeLetterPdf(target, { reference, verification, layout: true });
  });

  it('“Print letter” calls window.print, and Electron prints the letter alone', async () => {
    await page.evaluate(() => {
      const w = window as unknown as { __printCalls: number };
      w.__printCalls = 0;
      window.print = () => {
        w.__printCalls += 1;
      };
    });
    await page.getByTestId('referral-print-button').click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { __printCalls: number }).__printCalls)).toBe(1);

    const base64 = await app.evaluate(async ({ BrowserWindow }) => {
      const data = await BrowserWindow.getAllWindows()[0]!.webContents.printToPDF({ preferCSSPageSize: true });
      return Buffer.from(data).toString('base64');
    });
    const file = path.join(tmp.dir, 'printed.pdf');
    fs.writeFileSync(file, Buffer.from(base64, 'base64'));
    const text = pdfText(file, true);
    expect(squash(text)).toContain(reference);
    expect(squash(text)).toContain(squash('Merci pour votre aide.'));
    expect(squash(text)).toContain(squash('感谢您的帮助！'));
    for (const label of ['Quick exit', 'Cases', 'Download letter']) expect(text).not.toContain(label);
  });
});
