/**
 * Reads a generic update feed (static files written by electron-builder: latest.yml,
 * latest-mac.yml, latest-linux.yml, beta*.yml) and checks downloaded files against it.
 * Every failure is an AppError with a code the UI translates:
 *   update/offline           no network, DNS failure, refused, timed out (retry later)
 *   update/feed-unavailable  the server answered with an HTTP error (retry later)
 *   update/malformed-feed    not YAML, or not the shape electron-builder writes
 *   update/tampered          a downloaded file whose size or sha512 differs from the feed
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import type { UpdateChannel } from '../../../shared/ipc/features/desktop.contract';
import { channelFileName, decideUpdate, normaliseFeedUrl, RETRY_AFTER_MS, type UpdateDecision } from './policy';

/** A sha512 as electron-builder writes it: base64 of 64 bytes. */
const Sha512 = z.string().regex(/^[A-Za-z0-9+/]{86}==$/);

const FeedFile = z.object({
  url: z.string().min(1).max(500),
  sha512: Sha512,
  size: z.number().int().positive().optional()
});

/** The fields Anxin reads; electron-builder may add more (releaseNotes, stagingPercentage …). */
const FeedSchema = z.object({
  version: z.string().min(1).max(100),
  files: z.array(FeedFile).min(1).max(50),
  releaseDate: z.string().max(100).optional()
});

export type FeedFile = z.infer<typeof FeedFile>;
export type FeedInfo = z.infer<typeof FeedSchema>;

/** A feed file is small; anything bigger is not one. */
const MAX_FEED_BYTES = 256 * 1024;
const DEFAULT_TIMEOUT_MS = 20_000;

export function parseFeed(text: string): FeedInfo {
  let raw: unknown;
  try {
    raw = parseYaml(text, { maxAliasCount: 0 });
  } catch {
    throw new AppError('update/malformed-feed', 'The update feed is not valid YAML');
  }
  const parsed = FeedSchema.safeParse(raw);
  if (!parsed.success) throw new AppError('update/malformed-feed', 'The update feed lacks a version or files with sha512');
  for (const file of parsed.data.files) {
    // Files live next to the feed: a relative name, or an https URL.
    if (/^[a-z][a-z0-9+.-]*:/i.test(file.url) && !file.url.startsWith('https://')) {
      throw new AppError('update/malformed-feed', 'The update feed points to a file that is not https');
    }
  }
  return parsed.data;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET']);

/** Maps a fetch failure to 'update/offline' (never the raw message: it may name the host). */
export function offlineError(cause: unknown): AppError {
  const e = cause as { name?: string; cause?: { code?: string } } | null;
  const code = e?.cause?.code;
  const kind = e?.name === 'TimeoutError' || e?.name === 'AbortError' ? 'timeout' : code && NETWORK_CODES.has(code) ? code : 'network';
  return new AppError('update/offline', 'The update server could not be reached', { reason: kind, retryAfterMs: RETRY_AFTER_MS });
}

export type FetchLike = (url: string, init: { signal: AbortSignal; redirect: 'error' }) => Promise<Response>;

export type FeedRequest = {
  feedUrl: string;
  channel: UpdateChannel;
  platform: string;
  arch: string;
  fetch?: FetchLike;
  timeoutMs?: number;
};

export async function fetchFeed(req: FeedRequest): Promise<FeedInfo> {
  const base = normaliseFeedUrl(req.feedUrl);
  const url = new URL(channelFileName(req.channel, req.platform, req.arch), base).href;
  const doFetch: FetchLike = req.fetch ?? ((u, init) => fetch(u, init));
  let response: Response;
  try {
    // No redirects: the feed is static files at the address the organisation set.
    response = await doFetch(url, { signal: AbortSignal.timeout(req.timeoutMs ?? DEFAULT_TIMEOUT_MS), redirect: 'error' });
  } catch (e) {
    throw offlineError(e);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    throw new AppError('update/feed-unavailable', 'The update server answered with an error', { status: response.status, retryAfterMs: RETRY_AFTER_MS });
  }
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_FEED_BYTES) throw new AppError('update/malformed-feed', 'The update feed is too large');
  let text: string;
  try {
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.length > MAX_FEED_BYTES) throw new AppError('update/malformed-feed', 'The update feed is too large');
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (e) {
    if (e instanceof AppError) throw e;
    if ((e as Error)?.name === 'TypeError') throw new AppError('update/malformed-feed', 'The update feed is not UTF-8 text');
    throw offlineError(e);
  }
  return parseFeed(text);
}

export type UpdateCheck = { info: FeedInfo; decision: UpdateDecision };

/** Reads the device's channel file and decides against the running version. */
export async function checkForUpdate(req: FeedRequest & { currentVersion: string }): Promise<UpdateCheck> {
  const info = await fetchFeed(req);
  return { info, decision: decideUpdate(req.currentVersion, info.version, req.channel) };
}

/** The absolute URL of a file named in the feed. */
export function feedFileUrl(feedUrl: string, file: FeedFile): string {
  return new URL(file.url, normaliseFeedUrl(feedUrl)).href;
}

export async function sha512Base64OfFile(filePath: string): Promise<string> {
  const hash = createHash('sha512');
  for await (const chunk of fs.createReadStream(filePath)) hash.update(chunk as Buffer);
  return hash.digest('base64');
}

/**
 * A downloaded update is accepted only if its bytes hash to the sha512 the feed gives for
 * one of the release's files (and its size matches, when the feed states one). electron-updater
 * checks this too while downloading; this second check runs on the finished file before it
 * is armed for installation.
 */
export async function verifyDownloadedFile(filePath: string, info: FeedInfo): Promise<FeedFile> {
  const size = fs.statSync(filePath).size;
  const digest = await sha512Base64OfFile(filePath);
  const match = info.files.find((f) => f.sha512 === digest && (f.size === undefined || f.size === size));
  if (!match) {
    throw new AppError('update/tampered', 'The downloaded update does not match the checksum in the update feed; it was discarded');
  }
  return match;
}
