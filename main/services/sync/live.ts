/**
 * Live notifications from the relay (docs/sync.md, "Live delivery"; docs/protocol.md, WebSocket).
 *
 * While the profile is unlocked and in an organisation, one WebSocket to the relay's
 * `/v1/socket`: the relay sends a fresh challenge, the device signs it with its Ed25519 key, and
 * from then on the relay says "mailbox X has envelopes up to seq N" — never any content. Each
 * such message asks the sync loop for a cycle (push, grants, pull). A socket that fails or closes
 * is reopened after 1 s, 2 s, 4 s … up to 60 s (with jitter); the loop's slow poll stays as the
 * fallback. A relay that says this device was removed (close 4403) ends the subscription: the
 * next cycle learns the removal through HTTP.
 */
import WebSocket from 'ws';
import { ROUTES, SOCKET_CLOSE, SocketChallenge, SocketNotify, SocketReady } from '../../../shared/relay/protocol';
import { socketAuthBytes } from '../../../shared/relay/signing';
import * as crypto from '../crypto';
import type { Signer } from './relay-client';

export type LiveState = 'stopped' | 'connecting' | 'live' | 'waiting';

export type LiveDeps = {
  /** The relay's base URL (http(s)://…), or null when not in an organisation. */
  relayUrl: () => string | null;
  signer: () => Signer;
  /** A mailbox moved (or the socket became ready: catch up). */
  onChange: (reason: 'ready' | 'notify') => void;
  /** The socket became live or stopped being live (the loop polls faster without it). */
  onState?: (s: LiveState) => void;
};

const MAX_BACKOFF_MS = 60_000;
const AUTH_TIMEOUT_MS = 15_000;

/** `http://host:port/base` → `ws://host:port/base/v1/socket` (https → wss). */
export function socketUrl(relayUrl: string): string {
  const u = new URL(relayUrl.replace(/\/+$/, '') + ROUTES.socket);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  return u.toString();
}

export function createLiveSubscription(d: LiveDeps) {
  let ws: WebSocket | null = null;
  let state: LiveState = 'stopped';
  let wanted = false;
  let failures = 0;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let authTimer: ReturnType<typeof setTimeout> | null = null;

  const setState = (s: LiveState) => {
    if (s === state) return;
    state = s;
    d.onState?.(s);
  };

  function connect(): void {
    if (!wanted || ws) return;
    const url = d.relayUrl();
    if (!url) {
      setState('stopped');
      return;
    }
    let signer: Signer;
    try {
      signer = d.signer();
    } catch {
      setState('stopped');
      return;
    }
    setState('connecting');
    let socket: WebSocket;
    try {
      socket = new WebSocket(socketUrl(url), { maxPayload: 64 * 1024, handshakeTimeout: AUTH_TIMEOUT_MS, perMessageDeflate: false });
    } catch {
      scheduleReconnect();
      return;
    }
    ws = socket;
    let ready = false;
    authTimer = setTimeout(() => socket.terminate(), AUTH_TIMEOUT_MS);
    authTimer.unref?.();

    socket.on('message', (data, isBinary) => {
      if (isBinary) return socket.terminate();
      let msg: unknown;
      try {
        msg = JSON.parse(data.toString());
      } catch {
        return socket.terminate();
      }
      if (!ready) {
        const challenge = SocketChallenge.safeParse(msg);
        if (challenge.success) {
          // The relay's own clock stamps the answer: the fresh challenge is what makes it
          // unreplayable, and a device clock hours off still connects.
          const timestamp = challenge.data.serverTime;
          const bytes = socketAuthBytes({ challenge: challenge.data.challenge, orgId: signer.orgId, deviceId: signer.deviceId, timestamp });
          socket.send(JSON.stringify({ type: 'auth', v: 1, orgId: signer.orgId, deviceId: signer.deviceId, timestamp, signature: crypto.toBase64(signer.sign(bytes)) }));
          return;
        }
        if (SocketReady.safeParse(msg).success) {
          ready = true;
          failures = 0;
          if (authTimer) clearTimeout(authTimer);
          authTimer = null;
          setState('live');
          d.onChange('ready');
        }
        return; // an error message is followed by a close
      }
      if (SocketNotify.safeParse(msg).success) d.onChange('notify');
    });
    socket.on('error', () => undefined); // followed by 'close'
    socket.on('close', (code) => {
      if (authTimer) clearTimeout(authTimer);
      authTimer = null;
      if (ws === socket) ws = null;
      if (code === SOCKET_CLOSE.revoked) {
        wanted = false;
        setState('stopped');
        d.onChange('notify'); // the next cycle learns the removal over HTTP
        return;
      }
      scheduleReconnect();
    });
  }

  function scheduleReconnect(): void {
    if (!wanted) {
      setState('stopped');
      return;
    }
    failures++;
    const base = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(failures - 1, 10));
    const delay = Math.round(base * (0.75 + Math.random() * 0.5));
    setState('waiting');
    if (retry) clearTimeout(retry);
    retry = setTimeout(() => {
      retry = null;
      connect();
    }, delay);
    retry.unref?.();
  }

  return {
    state: () => state,
    /** Subscribes (idempotent); reconnects by itself until `stop`. */
    start(): void {
      wanted = true;
      if (!ws && !retry) connect();
    },
    /** Reconnects now (e.g. after joining an organisation or a relay change). */
    restart(): void {
      this.stop();
      this.start();
    },
    stop(): void {
      wanted = false;
      failures = 0;
      if (retry) clearTimeout(retry);
      retry = null;
      if (authTimer) clearTimeout(authTimer);
      authTimer = null;
      const s = ws;
      ws = null;
      if (s) {
        s.removeAllListeners('message');
        s.removeAllListeners('close');
        s.on('error', () => undefined);
        s.terminate();
      }
      setState('stopped');
    }
  };
}
