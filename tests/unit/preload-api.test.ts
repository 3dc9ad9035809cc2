/**
 * The preload's surface: the channel list matches the contract, buildApi turns channels
 * into namespaced verbs, and the bridge (preload/bridge.ts, no electron import) uses only
 * ipcRenderer.invoke and one listener, never handing an Electron object to the page.
 * preload/index.ts itself imports electron, so it is read as text, not imported.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApi } from '../../shared/ipc/api';
import { CHANNELS, EVENT_CHANNEL, EVENT_NAMES } from '../../shared/ipc/channels';
import { contract, events } from '../../shared/ipc/contract';
import { createPreloadApi, type IpcRendererLike } from '../../preload/bridge';

const repo = path.resolve(__dirname, '..', '..');

type Listener = (event: unknown, ...args: unknown[]) => void;

function fakeIpcRenderer() {
  const invoked: Array<{ channel: string; args: unknown[] }> = [];
  const subscriptions: Array<{ channel: string; listener: Listener }> = [];
  const ipc: IpcRendererLike & Record<string, unknown> = {
    invoke: async (channel: string, ...args: unknown[]) => {
      invoked.push({ channel, args });
      return { ok: true, value: { echo: channel } };
    },
    on: (channel: string, listener: Listener) => {
      subscriptions.push({ channel, listener });
      return ipc;
    },
    send: () => {
      throw new Error('send must not be used');
    },
    sendSync: () => {
      throw new Error('sendSync must not be used');
    }
  };
  return { ipc, invoked, subscriptions };
}

describe('channel list', () => {
  it('CHANNELS equals the keys of the contract, each once', () => {
    expect([...CHANNELS].sort()).toEqual(Object.keys(contract).sort());
    expect(new Set(CHANNELS).size).toBe(CHANNELS.length);
  });

  it('EVENT_NAMES equals the keys of the events', () => {
    expect([...EVENT_NAMES].sort()).toEqual(Object.keys(events).sort());
  });

  it('every channel is domain:verb', () => {
    for (const c of CHANNELS) expect(c).toMatch(/^[a-z]+:[a-zA-Z]+$/);
  });
});

describe('buildApi', () => {
  it('maps each channel to api.<domain>.<verb>, calling invoke with the channel and the request', async () => {
    const calls: Array<[string, unknown]> = [];
    const api = buildApi(
      CHANNELS,
      async (channel, request) => {
        calls.push([channel, request]);
        return { ok: true, value: channel };
      },
      () => () => {}
    ) as unknown as Record<string, Record<string, (r?: unknown) => Promise<unknown>>>;

    for (const channel of CHANNELS) {
      const [domain, verb] = channel.split(':') as [string, string];
      expect(typeof api[domain]?.[verb], channel).toBe('function');
      const request = { marker: channel };
      await expect(api[domain]![verb]!(request)).resolves.toEqual({ ok: true, value: channel });
      expect(calls.at(-1)).toEqual([channel, request]);
    }
    expect(calls).toHaveLength(CHANNELS.length);
  });

  it('sends {} when the page passes no request', async () => {
    const calls: unknown[] = [];
    const api = buildApi(CHANNELS, async (_c, r) => (calls.push(r), { ok: true, value: null }), () => () => {});
    await api.cases.list(undefined as never);
    expect(calls).toEqual([{}]);
  });

  it('exposes exactly the contract domains plus onEvent, frozen', () => {
    const api = buildApi(CHANNELS, async () => ({ ok: true, value: null }), () => () => {});
    const domains = [...new Set(CHANNELS.map((c) => c.split(':')[0]))];
    expect(Object.keys(api).sort()).toEqual([...domains, 'onEvent'].sort());
    expect(Object.isFrozen(api)).toBe(true);
  });
});

describe('preload bridge', () => {
  it('subscribes exactly once, to EVENT_CHANNEL, and uses nothing but invoke and on', async () => {
    const { ipc, invoked, subscriptions } = fakeIpcRenderer();
    const api = createPreloadApi(ipc);
    expect(subscriptions.map((s) => s.channel)).toEqual([EVENT_CHANNEL]);
    await expect(api.vault.status({})).resolves.toEqual({ ok: true, value: { echo: 'vault:status' } });
    await api.cases.get({ id: 'x' } as never);
    expect(invoked).toEqual([
      { channel: 'vault:status', args: [{}] },
      { channel: 'cases:get', args: [{ id: 'x' }] }
    ]);
  });

  it('forwards only the request: extra arguments from the page do not cross', async () => {
    const { ipc, invoked } = fakeIpcRenderer();
    const api = createPreloadApi(ipc) as unknown as { vault: { status: (...a: unknown[]) => Promise<unknown> } };
    await api.vault.status({}, 'extra', { more: true });
    expect(invoked[0]!.args).toEqual([{}]);
  });

  it('delivers event payloads without the IpcRendererEvent, and unsubscribes', () => {
    const { ipc, subscriptions } = fakeIpcRenderer();
    const api = createPreloadApi(ipc);
    const received: unknown[][] = [];
    const off = api.onEvent('vault:locked', (...args: unknown[]) => received.push(args));
    const ipcEvent = { sender: ipc, senderId: 0, ports: [] };
    const deliver = (message: unknown) => subscriptions[0]!.listener(ipcEvent, message);

    deliver({ name: 'vault:locked', payload: { reason: 'idle' } });
    expect(received).toEqual([[{ reason: 'idle' }]]);

    deliver({ name: 'something:else', payload: 1 });
    deliver(null);
    deliver('vault:locked');
    deliver({ payload: 2 });
    expect(received).toHaveLength(1);

    off();
    deliver({ name: 'vault:locked', payload: { reason: 'suspend' } });
    expect(received).toHaveLength(1);
  });

  it('ignores listeners for unknown events and survives a throwing listener', () => {
    const { ipc, subscriptions } = fakeIpcRenderer();
    const api = createPreloadApi(ipc);
    const unknownOff = (api.onEvent as (n: string, l: () => void) => () => void)('made:up', () => {});
    expect(typeof unknownOff).toBe('function');
    const seen: unknown[] = [];
    api.onEvent('vault:locked', () => {
      throw new Error('page bug');
    });
    api.onEvent('vault:locked', (p) => seen.push(p));
    subscriptions[0]!.listener({}, { name: 'vault:locked', payload: { reason: 'manual' } });
    expect(seen).toEqual([{ reason: 'manual' }]);
  });

  it('exposes no Electron object: only domains of functions, and onEvent', () => {
    const { ipc } = fakeIpcRenderer();
    const api = createPreloadApi(ipc) as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(api)) {
      if (key === 'onEvent') {
        expect(typeof value).toBe('function');
        continue;
      }
      expect(value && typeof value === 'object', key).toBe(true);
      for (const fn of Object.values(value as object)) expect(typeof fn, key).toBe('function');
      expect(Object.values(value as object)).not.toContain(ipc);
    }
    expect(Object.values(api)).not.toContain(ipc);
  });
});

describe('preload/index.ts (read, not imported: it imports electron)', () => {
  const dir = path.join(repo, 'preload');
  const sources = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ file: f, text: fs.readFileSync(path.join(dir, f), 'utf8') }));
  const importsOf = (text: string) => [...text.matchAll(/^\s*import\s[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]);

  it('imports only electron, the local bridge and shared/ipc channel names + buildApi', () => {
    const allowed = new Set(['electron', './bridge', '../shared/ipc/api', '../shared/ipc/channels', '../shared/result']);
    for (const { file, text } of sources) {
      for (const spec of importsOf(text)) expect(allowed.has(spec!), `${file} imports ${spec}`).toBe(true);
      expect(text, file).not.toMatch(/\brequire\(/);
    }
  });

  it('exposes one world object, window.anxin', () => {
    const all = sources.map((s) => s.text).join('\n');
    expect([...all.matchAll(/exposeInMainWorld\(/g)]).toHaveLength(1);
    expect(all).toContain("exposeInMainWorld('anxin'");
  });

  it('touches ipcRenderer only through invoke and one on(EVENT_CHANNEL)', () => {
    const all = sources.map((s) => s.text).join('\n');
    const members = [...all.matchAll(/ipcRenderer\.(\w+)/g)].map((m) => m[1]);
    expect(new Set(members)).toEqual(new Set(['invoke', 'on']));
    expect([...all.matchAll(/ipcRenderer\.on\(/g)]).toHaveLength(1);
    expect(all).toContain('ipcRenderer.on(EVENT_CHANNEL');
  });
});
