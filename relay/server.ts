/**
 * The relay's HTTP server (fastify) and its wiring: storage, authentication, rate limits,
 * metrics, logs, WebSocket notifications and graceful shutdown. Routes and bodies follow
 * shared/relay/protocol.ts; docs/protocol.md describes them, docs/relay.md how to run it.
 */
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  AddDeviceRequest,
  API_PREFIX,
  base64Length,
  CreateOrgRequest,
  DEFAULT_PULL_LIMIT,
  deviceMailbox,
  InfoResponse,
  isPaddedPayloadLength,
  CodeHash,
  KeyRotationRequest,
  LIMITS,
  LINK_REQUEST_TTL_MS,
  LinkRequest,
  type LinkRequestStatus,
  MailboxName,
  NETWORK_MAILBOX,
  OrgId,
  ORG_MAILBOX,
  REFERRALS_MAILBOX,
  REFERRALS_READER_STALE_MS,
  PAYLOAD_BUCKETS,
  PullQuery,
  RELAY_PROTOCOL_VERSION,
  RevokeDeviceRequest,
  ROUTES,
  TakeReaderRequest,
  type ReaderLease,
  UploadRequest,
  type OrgResponse,
  type PullResponse,
  type Statement,
  type UploadResponse
} from '../shared/relay/protocol';
import { linkRequestBytes, statementSigningBytes } from '../shared/relay/signing';
import { authenticate, type Authenticated, type AuthContext } from './auth';
import type { RelayConfig } from './config';
import { verifyEd25519 } from './ed25519';
import { RelayError } from './errors';
import { createLogger, type Logger } from './logger';
import { createMetrics } from './metrics';
import { createRateLimiter } from './rate-limit';
import { createSocketHub } from './socket';
import type { DeviceRow, RelayStorage } from './storage/types';

export type Relay = {
  url: string;
  port: number;
  storage: RelayStorage;
  /** Stops accepting, drains in-flight requests, closes sockets, then closes the storage. */
  close(): Promise<void>;
};

export type RelayOptions = {
  storage: RelayStorage;
  logger?: Logger;
  now?: () => number;
  /** Node process metrics in /metrics (the CLI turns them on; in-process test relays do not). */
  processMetrics?: boolean;
};

type Raw = { rawBody?: Buffer };

function parse<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new RelayError('bad-request', `${what}: ${issue ? `${issue.path.join('.') || '(root)'} ${issue.message}` : 'invalid'}`);
  }
  return r.data;
}

/** A body whose `v` (or an envelope's `v`) is a number other than 1 is another protocol version. */
function checkVersion(body: unknown) {
  if (typeof body !== 'object' || body === null) return;
  const b = body as { v?: unknown; envelopes?: unknown };
  const other = (v: unknown) => typeof v === 'number' && v !== RELAY_PROTOCOL_VERSION;
  if (other(b.v) || (Array.isArray(b.envelopes) && b.envelopes.some((e) => typeof e === 'object' && e !== null && other((e as { v?: unknown }).v)))) {
    throw new RelayError('unsupported-version', `this relay speaks protocol version ${RELAY_PROTOCOL_VERSION}`);
  }
}

function verifyStatement(orgSigningKey: string, signed: { statement: Statement; signature: string }, orgId: string, issuer: string) {
  if (signed.statement.orgId !== orgId) throw new RelayError('bad-certificate', 'the statement names another organisation');
  if (signed.statement.issuedBy !== issuer) throw new RelayError('bad-certificate', 'the statement must be issued by the device that uploads it');
  if (!verifyEd25519(orgSigningKey, statementSigningBytes(signed.statement), signed.signature)) {
    throw new RelayError('bad-certificate', 'the statement is not signed by the organisation key');
  }
}

export async function startRelay(config: RelayConfig, opts: RelayOptions): Promise<Relay> {
  const { storage } = opts;
  const now = opts.now ?? Date.now;
  const logger = opts.logger ?? createLogger(config.logLevel);
  const metrics = createMetrics({ processMetrics: opts.processMetrics ?? false });
  const limiter = createRateLimiter(config.rateLimitPerSecond, config.rateLimitBurst);
  // Link requests come from devices that belong to nothing yet: limited per source address.
  const linkLimiter = createRateLimiter(config.linkRateLimitPerSecond, config.linkRateLimitBurst);
  const authCtx: AuthContext = { storage, limiter, replayWindowMs: config.replayWindowMs, now };
  const hub = createSocketHub({ storage, metrics, logger, replayWindowMs: config.replayWindowMs, now });
  let draining = false;

  const app = Fastify({
    logger: false,
    bodyLimit: config.maxBodyBytes,
    trustProxy: config.trustProxy,
    return503OnClosing: false, // our onRequest hook answers 503 `unavailable` in the protocol's error format
    forceCloseConnections: 'idle',
    routerOptions: { maxParamLength: 200 }
  });

  // JSON only, and keep the exact bytes: the signature covers their hash.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body: Buffer, done) => {
    (req as unknown as Raw).rawBody = body;
    if (body.length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse(body.toString('utf8')));
    } catch {
      done(new RelayError('bad-request', 'the body is not valid JSON'), undefined);
    }
  });

  const sendError = (reply: FastifyReply, err: RelayError) => {
    metrics.errors.inc({ code: err.code });
    if (err.headers) reply.headers(err.headers);
    return reply.code(err.status).type('application/json').send(err.body());
  };

  app.setErrorHandler((err: unknown, req, reply) => {
    if (err instanceof RelayError) return sendError(reply, err);
    const e = err as { code?: string; statusCode?: number; name?: string };
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendError(reply, new RelayError('body-too-large', `the body exceeds ${config.maxBodyBytes} bytes`));
    if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendError(reply, new RelayError('unsupported-media-type', 'send application/json'));
    if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) return sendError(reply, new RelayError('bad-request', 'malformed request'));
    // Never log messages from storage drivers: they may quote values.
    logger.error('request failed', { route: req.routeOptions.url ?? 'unmatched', error: e.name ?? 'Error', code: e.code });
    return sendError(reply, new RelayError('internal', 'internal error'));
  });

  const knownPaths = [/^\/v1\/info$/, /^\/v1\/orgs$/, /^\/v1\/orgs\/[^/]+$/, /^\/v1\/orgs\/[^/]+\/(devices|revocations|key-rotations)$/, /^\/v1\/orgs\/[^/]+\/mailboxes\/[^/]+\/envelopes$/, /^\/v1\/link-requests(\/[^/]+)?$/, /^\/(health|metrics)$/];
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0]!;
    const version = /^\/v(\d+)(\/|$)/.exec(path);
    if (version && version[1] !== String(RELAY_PROTOCOL_VERSION)) return sendError(reply, new RelayError('unsupported-version', `this relay speaks protocol version ${RELAY_PROTOCOL_VERSION}`));
    if (knownPaths.some((re) => re.test(path))) return sendError(reply, new RelayError('method-not-allowed', `${req.method} is not allowed here`));
    return sendError(reply, new RelayError('not-found', 'no such route'));
  });

  app.addHook('onRequest', async (req) => {
    if (draining && req.url !== '/metrics') throw new RelayError('unavailable', 'the relay is shutting down');
  });
  // While draining, every answer closes its connection, so keep-alive clients do not hold the shutdown open.
  app.addHook('onSend', async (_req, reply, payload) => {
    if (draining) reply.header('connection', 'close');
    return payload;
  });
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    metrics.requests.inc({ route, method: req.method, status: String(reply.statusCode) });
    metrics.duration.observe({ route, method: req.method }, reply.elapsedTime / 1000);
    logger.debug('request', { method: req.method, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 });
  });

  const parts = (req: FastifyRequest) => ({ method: req.method, url: req.url, headers: req.headers, rawBody: (req as unknown as Raw).rawBody });
  const auth = (req: FastifyRequest) => authenticate(authCtx, parts(req));
  /** A path's organisation must be the caller's own. */
  const sameOrg = (a: Authenticated, orgId: string) => {
    if (a.orgId !== orgId) throw new RelayError('forbidden', 'this device belongs to another organisation');
  };
  const requireAdmin = (a: Authenticated) => {
    if (a.device?.role !== 'admin') throw new RelayError('not-admin', 'only an admin device may do this');
  };
  const orgParam = (req: FastifyRequest) => parse(OrgId, (req.params as { orgId: string }).orgId, 'organisation id');
  const loadOrg = async (orgId: string) => {
    const org = await storage.getOrg(orgId);
    if (!org) throw new RelayError('org-not-found', 'no such organisation');
    return org;
  };
  const orgResponse = async (orgId: string): Promise<OrgResponse> => {
    const org = await loadOrg(orgId);
    const devices = await storage.listDevices(orgId);
    return {
      orgId,
      orgSigningKey: org.signingKey,
      orgBoxKey: org.boxKey,
      createdAt: org.createdAt,
      devices: devices.map((d) => ({ certificate: JSON.parse(d.certificate), revocation: d.revocation === null ? null : JSON.parse(d.revocation) })),
      keyRotations: (await storage.listKeyRotations(orgId)).map((n) => JSON.parse(n))
    };
  };

  /** Per source address, for the routes a device uses before it belongs to an organisation. */
  const linkRateLimit = (req: FastifyRequest) => {
    const wait = linkLimiter.take(`ip:${req.ip}`, now());
    if (wait > 0) throw new RelayError('rate-limited', 'too many unauthenticated requests from this address', { retryAfterMs: wait }, { 'retry-after': String(Math.max(1, Math.ceil(wait / 1000))) });
  };

  app.get('/health', async (_req, reply) => {
    try {
      await storage.head('0'.repeat(32), ORG_MAILBOX);
    } catch {
      throw new RelayError('unavailable', 'storage unreachable');
    }
    return reply.send({ status: 'ok', backend: storage.backend });
  });
  app.get('/metrics', async (_req, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()));

  app.get(ROUTES.info, async (): Promise<InfoResponse> => ({
    service: 'anxin-relay',
    protocol: [RELAY_PROTOCOL_VERSION],
    limits: {
      maxBodyBytes: config.maxBodyBytes,
      maxPayloadBytes: LIMITS.maxPayloadBytes,
      maxEnvelopesPerUpload: LIMITS.maxEnvelopesPerUpload,
      maxPullLimit: LIMITS.maxPullLimit,
      replayWindowMs: config.replayWindowMs,
      rateLimitPerSecond: config.rateLimitPerSecond,
      rateLimitBurst: config.rateLimitBurst
    },
    payloadBuckets: [...PAYLOAD_BUCKETS],
    serverTime: now()
  }));

  app.post(ROUTES.createOrg, async (req, reply) => {
    // Anyone can reach this route with a fresh key: limit it per source address like link requests.
    linkRateLimit(req);
    checkVersion(req.body);
    const body = parse(CreateOrgRequest, req.body, 'organisation');
    const cert = body.certificate.statement;
    await authenticate(authCtx, parts(req), { orgId: body.orgId, deviceId: cert.deviceId, signingKey: cert.signingKey });
    if (!config.allowOrgCreation) throw new RelayError('org-creation-closed', 'this relay does not accept new organisations');
    if (cert.role !== 'admin') throw new RelayError('bad-certificate', 'the first device must be an admin');
    verifyStatement(body.orgSigningKey, body.certificate, body.orgId, cert.deviceId);
    const t = now();
    const outcome = await storage.createOrg(
      { orgId: body.orgId, signingKey: body.orgSigningKey, boxKey: body.orgBoxKey, createdAt: t, createRequest: JSON.stringify(body) },
      { orgId: body.orgId, deviceId: cert.deviceId, role: 'admin', signingKey: cert.signingKey, certificate: JSON.stringify(body.certificate), revocation: null, addedAt: t }
    );
    if (outcome === 'different') throw new RelayError('org-exists', 'an organisation with this id exists');
    logger.info('organisation created', { org: logger.pseudonym(body.orgId), repeated: outcome === 'identical' });
    return reply.code(outcome === 'created' ? 201 : 200).send(await orgResponse(body.orgId));
  });

  app.get(ROUTES.org, async (req) => {
    const orgId = orgParam(req);
    sameOrg(await auth(req), orgId);
    return orgResponse(orgId);
  });

  app.post(ROUTES.devices, async (req, reply) => {
    const orgId = orgParam(req);
    const a = await auth(req);
    sameOrg(a, orgId);
    requireAdmin(a);
    checkVersion(req.body);
    const { certificate } = parse(AddDeviceRequest, req.body, 'device');
    const org = await loadOrg(orgId);
    verifyStatement(org.signingKey, certificate, orgId, a.deviceId);
    const s = certificate.statement;
    const device: DeviceRow = { orgId, deviceId: s.deviceId, role: s.role, signingKey: s.signingKey, certificate: JSON.stringify(certificate), revocation: null, addedAt: now() };
    const outcome = await storage.addDevice(device);
    if (outcome === 'different') throw new RelayError('device-exists', 'this device id is already certified with other keys');
    if (outcome === 'revoked') throw new RelayError('device-exists', 'this device id was removed; a removed device cannot come back under the same id');
    await storage.markLinked(s.deviceId, s.signingKey, orgId, now());
    return reply.code(outcome === 'created' ? 201 : 200).send(await orgResponse(orgId));
  });

  app.post(ROUTES.revocations, async (req) => {
    const orgId = orgParam(req);
    const a = await auth(req);
    sameOrg(a, orgId);
    requireAdmin(a);
    checkVersion(req.body);
    const { revocation } = parse(RevokeDeviceRequest, req.body, 'revocation');
    const org = await loadOrg(orgId);
    verifyStatement(org.signingKey, revocation, orgId, a.deviceId);
    const outcome = await storage.revokeDevice(orgId, revocation.statement.deviceId, JSON.stringify(revocation));
    if (outcome === 'not-found') throw new RelayError('not-found', 'no such device in this organisation');
    if (outcome === 'last-admin') throw new RelayError('last-admin', 'the last admin device cannot be removed');
    if (outcome === 'revoked') {
      await storage.publish({ type: 'revoked', orgId, deviceId: revocation.statement.deviceId });
      logger.info('device revoked', { org: logger.pseudonym(orgId) });
    }
    return orgResponse(orgId);
  });

  app.post(ROUTES.keyRotations, async (req, reply) => {
    const orgId = orgParam(req);
    const a = await auth(req);
    sameOrg(a, orgId);
    requireAdmin(a);
    checkVersion(req.body);
    const { notice } = parse(KeyRotationRequest, req.body, 'key rotation');
    const org = await loadOrg(orgId);
    verifyStatement(org.signingKey, notice, orgId, a.deviceId);
    const outcome = await storage.addKeyRotation(orgId, notice.statement.epoch, JSON.stringify(notice));
    if (outcome === 'stale') throw new RelayError('stale-rotation', 'the rotation epoch is not the next one');
    return reply.code(outcome === 'stored' ? 201 : 200).send(await orgResponse(orgId));
  });

  /**
   * Who may touch a mailbox of organisation `orgId` (the path's; the caller's own organisation is
   * its x-anxin-org header):
   *  - `org`: its members read and write;  `device-X`: its members write, only device X reads;
   *  - `referrals`: any certified, non-revoked device of any organisation on this relay writes
   *    (cross-organisation referrals), only its members read;
   *  - `network`: only its members write, any certified, non-revoked device of any organisation reads.
   * `authenticate` has already refused unknown and revoked devices of the caller's organisation.
   */
  const mailboxAccess = async (req: FastifyRequest, mode: 'read' | 'write') => {
    const orgId = orgParam(req);
    const mailbox = parse(MailboxName, (req.params as { mailbox: string }).mailbox, 'mailbox');
    const a = await auth(req);
    const crossOrg = (mailbox === REFERRALS_MAILBOX && mode === 'write') || (mailbox === NETWORK_MAILBOX && mode === 'read');
    if (crossOrg) {
      if (a.orgId !== orgId) await loadOrg(orgId); // 404 org-not-found for an unknown receiver
      return { orgId, mailbox, a };
    }
    sameOrg(a, orgId);
    if (mailbox.startsWith('device-')) {
      if (mode === 'read' && mailbox !== deviceMailbox(a.deviceId)) throw new RelayError('forbidden', "only its own device reads a device's mailbox");
      if (mode === 'write') {
        const target = await storage.getDevice(orgId, mailbox.slice('device-'.length));
        if (!target || target.revocation) throw new RelayError('not-found', 'no such device mailbox');
      }
    }
    return { orgId, mailbox, a };
  };

  app.post(ROUTES.envelopes, async (req): Promise<UploadResponse> => {
    const { orgId, mailbox, a } = await mailboxAccess(req, 'write');
    checkVersion(req.body);
    const raw = req.body as { envelopes?: unknown } | undefined;
    if (raw && Array.isArray(raw.envelopes) && raw.envelopes.some((e) => typeof (e as { payload?: unknown })?.payload === 'string' && (e as { payload: string }).payload.length > base64Length(LIMITS.maxPayloadBytes))) {
      throw new RelayError('envelope-too-large', `an envelope payload exceeds ${LIMITS.maxPayloadBytes} bytes`);
    }
    const body = parse(UploadRequest, req.body, 'upload');
    const envelopes = body.envelopes.map((e) => ({ id: e.id, payload: Buffer.from(e.payload, 'base64') }));
    for (const e of envelopes) {
      if (!isPaddedPayloadLength(e.payload.length)) throw new RelayError('envelope-unpadded', `payload length ${e.payload.length} is not one of the padding buckets`, { id: e.id });
    }
    const stop = metrics.storageDuration.startTimer();
    const result = await storage.append(orgId, mailbox, a.deviceId, envelopes, now());
    stop();
    if (!result.ok) throw new RelayError('id-conflict', 'an envelope with this id was already stored with other bytes', { id: result.conflictId });
    let stored = 0;
    for (const [i, r] of result.results.entries()) {
      if (r.status === 'stored') {
        stored++;
        metrics.envelopeBytes.inc(envelopes[i]!.payload.length);
      } else metrics.envelopesDuplicate.inc();
    }
    metrics.envelopesStored.inc(stored);
    if (stored > 0) await storage.publish({ type: 'append', orgId, mailbox, head: result.head });
    return { results: result.results, head: result.head, generation: await storage.generation() };
  });

  /** Refuses with 409 not-reader unless this device holds (or now gets) the mailbox's reader lease. */
  const requireReader = async (orgId: string, mailbox: string, deviceId: string, staleBefore: number | null) => {
    const claim = await storage.claimReader(orgId, mailbox, deviceId, now(), staleBefore);
    if (!claim.granted) throw new RelayError('not-reader', 'another device of this organisation reads this mailbox', { reader: claim.reader, seenAt: claim.seenAt });
  };

  app.get(ROUTES.envelopes, async (req): Promise<PullResponse> => {
    const { orgId, mailbox, a } = await mailboxAccess(req, 'read');
    const q = parse(PullQuery, req.query, 'query');
    // What arrives in `referrals` is applied by one device of the organisation: one reader at a time.
    if (mailbox === REFERRALS_MAILBOX) await requireReader(orgId, mailbox, a.deviceId, null);
    const limit = q.limit ?? DEFAULT_PULL_LIMIT;
    const { envelopes, head } = await storage.pull(orgId, mailbox, q.after, limit, LIMITS.maxPullBytes);
    metrics.envelopesServed.inc(envelopes.length);
    return {
      envelopes: envelopes.map((e) => ({ id: e.id, seq: e.seq, sender: e.sender, receivedAt: e.receivedAt, payload: Buffer.from(e.payload).toString('base64') })),
      next: envelopes.length > 0 ? envelopes[envelopes.length - 1]!.seq : q.after,
      head,
      generation: await storage.generation()
    };
  });

  // Another device of the organisation takes the referrals mailbox's reader lease over: only once
  // the holder has not pulled for REFERRALS_READER_STALE_MS, or was revoked (or holds none).
  app.post(ROUTES.readerLease, async (req): Promise<ReaderLease> => {
    const orgId = orgParam(req);
    const mailbox = parse(MailboxName, (req.params as { mailbox: string }).mailbox, 'mailbox');
    const a = await auth(req);
    sameOrg(a, orgId);
    if (mailbox !== REFERRALS_MAILBOX) throw new RelayError('not-found', 'only the referrals mailbox has a reader lease');
    checkVersion(req.body);
    parse(TakeReaderRequest, req.body, 'reader request');
    await requireReader(orgId, mailbox, a.deviceId, now() - REFERRALS_READER_STALE_MS);
    const lease = (await storage.reader(orgId, mailbox))!;
    return { v: 1, reader: lease.reader, since: lease.since, seenAt: lease.seenAt };
  });

  app.post(ROUTES.linkRequests, async (req, reply) => {
    linkRateLimit(req);
    checkVersion(req.body);
    const body = parse(LinkRequest, req.body, 'link request');
    const signed = linkRequestBytes({ codeHash: body.codeHash, deviceId: body.deviceId, signingKey: body.signingKey, boxKey: body.boxKey });
    if (!verifyEd25519(body.signingKey, signed, body.signature)) throw new RelayError('bad-signature', 'the link request is not signed by its key');
    const t = now();
    const expiresAt = t + LINK_REQUEST_TTL_MS;
    const outcome = await storage.putLinkRequest({ ...body, expiresAt, orgId: null }, t);
    if (outcome === 'taken') throw new RelayError('link-code-taken', 'this code is in use; show a new one');
    if (outcome === 'identical') {
      const existing = await storage.getLinkRequest(body.codeHash, t);
      return reply.code(200).send({ expiresAt: existing?.expiresAt ?? expiresAt });
    }
    return reply.code(201).send({ expiresAt });
  });

  app.get(ROUTES.linkRequest, async (req): Promise<LinkRequestStatus> => {
    linkRateLimit(req);
    const codeHash = parse(CodeHash, (req.params as { codeHash: string }).codeHash, 'code hash');
    const row = await storage.getLinkRequest(codeHash, now());
    if (!row) throw new RelayError('link-not-found', 'no such link request, or it expired');
    return { v: 1, deviceId: row.deviceId, signingKey: row.signingKey, boxKey: row.boxKey, signature: row.signature, expiresAt: row.expiresAt, orgId: row.orgId };
  });

  app.server.on('upgrade', (req, socket, head) => hub.handleUpgrade(req, socket, head));

  const purge = setInterval(() => {
    storage.purgeNonces(now()).catch(() => logger.warn('nonce purge failed'));
  }, 60_000);
  purge.unref();

  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  logger.info('relay ready', { backend: storage.backend, port, prefix: API_PREFIX });

  let closed: Promise<void> | null = null;
  return {
    url: `http://${host}:${port}`,
    port,
    storage,
    close: () =>
      (closed ??= (async () => {
        draining = true;
        clearInterval(purge);
        hub.close();
        await app.close();
        await storage.close();
        logger.info('relay stopped');
      })())
  };
}
