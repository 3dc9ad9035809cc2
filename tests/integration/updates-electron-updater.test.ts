/**
 * electron-updater's own feed code, run in plain Node against the same 127.0.0.1 feed as
 * Anxin's decision module: its GenericProvider (with builder-util's Node HTTP executor in
 * place of Electron's net module, which needs the binary) reads the same channel file, finds
 * the same version and file URLs; its download pipeline (the one ElectronHttpExecutor.download
 * runs) rejects a tampered file; and each of its failures maps to the error code Anxin shows
 * (classifyUpdaterError). This is what main/electron/updater.ts relies on.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { feedFileUrl, fetchFeed, verifyDownloadedFile } from '../../main/services/updates/feed';
import { channelFileName, classifyUpdaterError, decideUpdate, updaterChannelName } from '../../main/services/updates/policy';
import { makeTempDir } from '../helpers/temp-dir';

const require = createRequire(import.meta.url);
type FileInfo = { url: URL; info: { url: string; sha512: string } };
type ProviderLike = {
  channel: string;
  getLatestVersion(): Promise<{ version: string; files: Array<{ url: string; sha512: string }> }>;
  resolveFiles(info: unknown): FileInfo[];
};
const { GenericProvider } = require('electron-updater/out/providers/GenericProvider') as {
  GenericProvider: new (config: object, updater: object, runtime: object) => ProviderLike;
};
const { NodeHttpExecutor } = require('builder-util/out/nodeHttpExecutor') as { NodeHttpExecutor: new () => object };
const runtime = require('builder-util-runtime') as {
  CancellationToken: new () => object;
  configureRequestUrl(url: URL, options: object): void;
  configureRequestOptions(options: object): object;
};

const sha512 = (bytes: Buffer) => createHash('sha512').update(bytes).digest('base64');
const RELEASE = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 17 + 3) % 251));
const files = new Map<string, Buffer | string>();
let server: http.Server;
let base: string;
let tmp: ReturnType<typeof makeTempDir>;
const savedArch = process.env['TEST_UPDATER_ARCH'];

const feed = (version: string, file: string, bytes: Buffer) =>
  stringify({ version, files: [{ url: file, sha512: sha512(bytes), size: bytes.length }], path: file, sha512: sha512(bytes), releaseDate: '2026-11-20T10:00:00.000Z' });

function provider(channel: 'stable' | 'beta', url = base): ProviderLike {
  // The updater fields GenericProvider reads: the channel (set by updater.ts) and the cache-busting flag.
  return new GenericProvider(
    { provider: 'generic', url },
    { channel: updaterChannelName(channel), isAddNoCacheQuery: false },
    { platform: 'linux', executor: new NodeHttpExecutor(), isUseMultipleRangeRequest: false }
  );
}

/** ElectronHttpExecutor.download, with the Node executor: the sha512 is checked while streaming. */
function download(url: URL, destination: string, expectedSha512: string): Promise<string> {
  const executor = new NodeHttpExecutor() as { doDownload(o: object, d: object, n: number): void };
  const token = new runtime.CancellationToken() as { createPromise<T>(fn: (res: (v: T) => void, rej: (e: unknown) => void, onCancel: unknown) => void): Promise<T> };
  return token.createPromise<string>((resolve, reject, onCancel) => {
    const requestOptions = { redirect: 'manual' };
    runtime.configureRequestUrl(url, requestOptions);
    runtime.configureRequestOptions(requestOptions);
    executor.doDownload(
      requestOptions,
      {
        destination,
        options: { sha512: expectedSha512, cancellationToken: token },
        onCancel,
        callback: (error: unknown) => (error == null ? resolve(destination) : reject(error)),
        responseHandler: null
      },
      0
    );
  });
}

beforeAll(async () => {
  process.env['TEST_UPDATER_ARCH'] = 'x64';
  tmp = makeTempDir('anxin-eu-');
  server = http.createServer((req, res) => {
    const body = files.get(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    if (body === undefined) res.writeHead(404).end('not found');
    else res.writeHead(200, { 'content-length': Buffer.byteLength(body) }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed/`;
});

afterAll(async () => {
  if (savedArch === undefined) delete process.env['TEST_UPDATER_ARCH'];
  else process.env['TEST_UPDATER_ARCH'] = savedArch;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  tmp?.cleanup();
});

describe("electron-updater's GenericProvider and Anxin's module read the feed alike", () => {
  it('same channel file, version and file URL, for stable and beta', async () => {
    files.set('/feed/latest-linux.yml', feed('1.2.0', 'Anxin-1.2.0.AppImage', RELEASE));
    files.set('/feed/beta-linux.yml', feed('1.3.0-beta.1', 'Anxin-1.3.0-beta.1.AppImage', RELEASE));
    for (const channel of ['stable', 'beta'] as const) {
      const theirs = provider(channel);
      expect(`${theirs.channel}.yml`).toBe(channelFileName(channel, 'linux', 'x64'));
      const info = await theirs.getLatestVersion();
      const ours = await fetchFeed({ feedUrl: base, channel, platform: 'linux', arch: 'x64' });
      expect(info.version).toBe(ours.version);
      expect(theirs.resolveFiles(info).map((f) => f.url.href)).toEqual(ours.files.map((f) => feedFileUrl(base, f)));
    }
  });

  it("downloads through electron-updater's pipeline; the file passes Anxin's second check", async () => {
    files.set('/feed/latest-linux.yml', feed('1.2.0', 'Anxin-1.2.0.AppImage', RELEASE));
    files.set('/feed/Anxin-1.2.0.AppImage', RELEASE);
    const theirs = provider('stable');
    const info = await theirs.getLatestVersion();
    expect(decideUpdate('1.1.0', info.version, 'stable')).toEqual({ kind: 'offer', version: '1.2.0' });
    const [file] = theirs.resolveFiles(info);
    const dest = await download(file!.url, path.join(tmp.dir, 'ok.AppImage'), file!.info.sha512);
    const ours = await fetchFeed({ feedUrl: base, channel: 'stable', platform: 'linux', arch: 'x64' });
    await expect(verifyDownloadedFile(dest, ours)).resolves.toBeTruthy();
  });

  it('a tampered file is rejected by electron-updater (ERR_CHECKSUM_MISMATCH) → update/tampered', async () => {
    files.set('/feed/latest-linux.yml', feed('1.2.0', 'Anxin-1.2.0.AppImage', RELEASE));
    const tampered = Buffer.from(RELEASE);
    tampered[123] = tampered[123]! ^ 0x80;
    files.set('/feed/Anxin-1.2.0.AppImage', tampered);
    const theirs = provider('stable');
    const [file] = theirs.resolveFiles(await theirs.getLatestVersion());
    const error = await download(file!.url, path.join(tmp.dir, 'bad.AppImage'), file!.info.sha512).then(
      () => null,
      (e: unknown) => e
    );
    expect((error as { code?: string } | null)?.code).toBe('ERR_CHECKSUM_MISMATCH');
    expect(classifyUpdaterError(error).code).toBe('update/tampered');
  });

  it("maps electron-updater's feed failures to Anxin's codes: malformed, missing, offline", async () => {
    const failure = (p: ProviderLike) => p.getLatestVersion().then(() => null, (e: unknown) => e);

    files.set('/feed/latest-linux.yml', 'version: [1.2.0\nfiles: {{{');
    expect(classifyUpdaterError(await failure(provider('stable'))).code).toBe('update/malformed-feed');

    files.delete('/feed/latest-linux.yml');
    expect(classifyUpdaterError(await failure(provider('stable'))).code).toBe('update/feed-unavailable');

    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const offline = classifyUpdaterError(await failure(provider('stable', `http://127.0.0.1:${port}/`)));
    expect(offline.code).toBe('update/offline');
    expect(offline.message).not.toContain(String(port));
  });
});
