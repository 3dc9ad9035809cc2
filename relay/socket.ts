/**
 * Live notifications over WebSocket (docs/protocol.md, "Live notifications"). A device proves
 * itself by signing a fresh challenge; it is then told "mailbox X has envelopes up to seq N" for
 * the organisation mailbox, its own and the organisation's referral inbox — never any content.
 * Revocation closes its sockets.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { deviceMailbox, ORG_MAILBOX, REFERRALS_MAILBOX, ROUTES, SOCKET_CLOSE, SocketAuth } from '../shared/relay/protocol';
import { socketAuthBytes } from '../shared/relay/signing';
import { verifyEd25519 } from './ed25519';
import type { Logger } from './logger';
import type { Metrics } from './metrics';
import type { RelayEvent, RelayStorage } from './storage/types';

const AUTH_TIMEOUT_MS = 10_000;
const PING_INTERVAL_MS = 30_000;

type Conn = { ws: WebSocket; orgId: string; deviceId: string; alive: boolean };

export function createSocketHub(opts: { storage: RelayStorage; metrics: Metrics; logger: Logger; replayWindowMs: number; now: () => number }) {
  const { storage, metrics, logger } = opts;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  const byOrg = new Map<string, Set<Conn>>();
  let closing = false;

  const send = (ws: WebSocket, msg: unknown) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
  };
  const fail = (ws: WebSocket, closeCode: number, code: string, message: string) => {
    send(ws, { type: 'error', error: { code, message } });
    ws.close(closeCode, code);
  };

  const unsubscribe = storage.subscribe((event: RelayEvent) => {
    const conns = byOrg.get(event.orgId);
    if (!conns) return;
    for (const c of conns) {
      if (event.type === 'revoked') {
        if (c.deviceId === event.deviceId) fail(c.ws, SOCKET_CLOSE.revoked, 'device-revoked', 'this device was removed from the organisation');
      } else if (event.mailbox === ORG_MAILBOX || event.mailbox === REFERRALS_MAILBOX || event.mailbox === deviceMailbox(c.deviceId)) {
        // `referrals` is notified but not listed in `ready` (a client of before 2026-11-24 would
        // refuse the unknown mailbox name there; an unknown `notify` it just ignores).
        send(c.ws, { type: 'notify', mailbox: event.mailbox, head: event.head });
        metrics.notifications.inc();
      }
    }
  });

  wss.on('connection', (ws: WebSocket) => {
    const challenge = randomBytes(16).toString('hex');
    let conn: Conn | null = null;
    let authenticating = false;
    const timer = setTimeout(() => fail(ws, SOCKET_CLOSE.authFailed, 'unauthenticated', 'no authentication in time'), AUTH_TIMEOUT_MS);
    send(ws, { type: 'challenge', v: 1, challenge, serverTime: opts.now() });

    ws.on('message', async (data, isBinary) => {
      if (conn) return; // after authentication the relay only talks; anything sent is ignored
      if (authenticating) return fail(ws, SOCKET_CLOSE.badMessage, 'bad-request', 'one authentication message only');
      authenticating = true;
      let auth: SocketAuth;
      try {
        if (isBinary) throw new Error('binary');
        auth = SocketAuth.parse(JSON.parse(data.toString()));
      } catch {
        clearTimeout(timer);
        return fail(ws, SOCKET_CLOSE.badMessage, 'bad-request', 'expected an auth message');
      }
      try {
        if (Math.abs(opts.now() - auth.timestamp) > opts.replayWindowMs) throw new Error('stale-timestamp');
        const device = await storage.getDevice(auth.orgId, auth.deviceId);
        if (!device) throw new Error('unknown-device');
        const ok = verifyEd25519(device.signingKey, socketAuthBytes({ challenge, orgId: auth.orgId, deviceId: auth.deviceId, timestamp: auth.timestamp }), auth.signature);
        if (!ok) throw new Error('bad-signature');
        clearTimeout(timer);
        if (device.revocation) return fail(ws, SOCKET_CLOSE.revoked, 'device-revoked', 'this device was removed from the organisation');
        if (closing || ws.readyState !== ws.OPEN) return;
        conn = { ws, orgId: auth.orgId, deviceId: auth.deviceId, alive: true };
        let set = byOrg.get(auth.orgId);
        if (!set) byOrg.set(auth.orgId, (set = new Set()));
        set.add(conn);
        metrics.sockets.inc();
        const generation = await storage.generation();
        const mailboxes = await Promise.all(
          [ORG_MAILBOX, deviceMailbox(auth.deviceId)].map(async (mailbox) => ({ mailbox, head: await storage.head(auth.orgId, mailbox), generation }))
        );
        send(ws, { type: 'ready', mailboxes });
      } catch (err) {
        clearTimeout(timer);
        const code = err instanceof Error && ['stale-timestamp', 'unknown-device', 'bad-signature'].includes(err.message) ? err.message : 'internal';
        if (code === 'internal') logger.error('socket authentication failed', { error: err instanceof Error ? err.name : 'unknown' });
        fail(ws, SOCKET_CLOSE.authFailed, code, 'authentication failed');
      }
    });
    ws.on('pong', () => {
      if (conn) conn.alive = true;
    });
    ws.on('error', () => undefined);
    ws.on('close', () => {
      clearTimeout(timer);
      if (conn) {
        byOrg.get(conn.orgId)?.delete(conn);
        if (byOrg.get(conn.orgId)?.size === 0) byOrg.delete(conn.orgId);
        metrics.sockets.dec();
        conn = null;
      }
    });
  });

  const heartbeat = setInterval(() => {
    for (const set of byOrg.values())
      for (const c of set) {
        if (!c.alive) {
          c.ws.terminate();
          continue;
        }
        c.alive = false;
        c.ws.ping();
      }
  }, PING_INTERVAL_MS);
  heartbeat.unref();

  return {
    /** Routes an HTTP upgrade: only ROUTES.socket becomes a WebSocket. */
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
      const path = (req.url ?? '').split('?')[0];
      if (closing || path !== ROUTES.socket) {
        socket.end(`HTTP/1.1 ${closing ? '503 Service Unavailable' : '404 Not Found'}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    /** Closes every socket with 1001 (going away) and stops listening for events. */
    close() {
      closing = true;
      clearInterval(heartbeat);
      unsubscribe();
      for (const ws of wss.clients) ws.close(SOCKET_CLOSE.shuttingDown, 'relay shutting down');
      setTimeout(() => {
        for (const ws of wss.clients) ws.terminate();
      }, 1000).unref();
      wss.close();
    }
  };
}
