/**
 * Relay configuration from flags and environment (flags win). docs/relay.md lists every option.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { LIMITS, LINK_RATE_LIMIT } from '../shared/relay/protocol';

export type RelayConfig = {
  host: string;
  port: number;
  backend: 'sqlite' | 'postgres';
  dataDir: string;
  postgresUrl: string | null;
  maxBodyBytes: number;
  rateLimitPerSecond: number;
  rateLimitBurst: number;
  /** Per source address, for the unauthenticated link-request routes. */
  linkRateLimitPerSecond: number;
  linkRateLimitBurst: number;
  replayWindowMs: number;
  allowOrgCreation: boolean;
  /** Trust X-Forwarded-For from a reverse proxy (only when one is in front). */
  trustProxy: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
};

const OPTIONS = {
  host: { flag: '--host', env: 'ANXIN_RELAY_HOST' },
  port: { flag: '--port', env: 'ANXIN_RELAY_PORT' },
  backend: { flag: '--backend', env: 'ANXIN_RELAY_BACKEND' },
  dataDir: { flag: '--data-dir', env: 'ANXIN_RELAY_DATA_DIR' },
  postgresUrl: { flag: '--postgres-url', env: 'ANXIN_RELAY_POSTGRES_URL' },
  maxBodyBytes: { flag: '--max-body-bytes', env: 'ANXIN_RELAY_MAX_BODY_BYTES' },
  rateLimitPerSecond: { flag: '--rate-limit', env: 'ANXIN_RELAY_RATE_LIMIT' },
  rateLimitBurst: { flag: '--rate-burst', env: 'ANXIN_RELAY_RATE_BURST' },
  linkRateLimitPerSecond: { flag: '--link-rate-limit', env: 'ANXIN_RELAY_LINK_RATE_LIMIT' },
  linkRateLimitBurst: { flag: '--link-rate-burst', env: 'ANXIN_RELAY_LINK_RATE_BURST' },
  allowOrgCreation: { flag: '--allow-org-creation', env: 'ANXIN_RELAY_ALLOW_ORG_CREATION' },
  trustProxy: { flag: '--trust-proxy', env: 'ANXIN_RELAY_TRUST_PROXY' },
  logLevel: { flag: '--log-level', env: 'ANXIN_RELAY_LOG_LEVEL' }
} as const;

export const defaultConfig = (): RelayConfig => ({
  host: '127.0.0.1',
  port: 8787,
  backend: 'sqlite',
  dataDir: join(homedir(), '.anxin-relay'),
  postgresUrl: null,
  maxBodyBytes: LIMITS.maxBodyBytes,
  rateLimitPerSecond: LIMITS.rateLimitPerSecond,
  rateLimitBurst: LIMITS.rateLimitBurst,
  linkRateLimitPerSecond: LINK_RATE_LIMIT.perSecond,
  linkRateLimitBurst: LINK_RATE_LIMIT.burst,
  replayWindowMs: LIMITS.replayWindowMs,
  allowOrgCreation: true,
  trustProxy: false,
  logLevel: 'info'
});

function int(name: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name}: expected an integer from ${min} to ${max}, got "${text}"`);
  return n;
}
function bool(name: string, text: string): boolean {
  if (/^(1|true|yes|on)$/i.test(text)) return true;
  if (/^(0|false|no|off)$/i.test(text)) return false;
  throw new Error(`${name}: expected true or false, got "${text}"`);
}

/** Reads flags (`--port 9000` or `--port=9000`) and environment; throws a readable error on bad values. */
export function loadConfig(argv: string[], env: NodeJS.ProcessEnv): RelayConfig {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') throw new Error(usage());
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!Object.values(OPTIONS).some((o) => o.flag === name)) throw new Error(`unknown option ${arg}\n${usage()}`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new Error(`${name} needs a value`);
    flags.set(name, value);
  }
  const get = (k: keyof typeof OPTIONS) => flags.get(OPTIONS[k].flag) ?? env[OPTIONS[k].env] ?? undefined;
  const c = defaultConfig();
  const v = <K extends keyof typeof OPTIONS>(k: K) => get(k);
  if (v('host') !== undefined) c.host = v('host')!;
  if (v('port') !== undefined) c.port = int('port', v('port')!, 0, 65535);
  if (v('backend') !== undefined) {
    const b = v('backend')!;
    if (b !== 'sqlite' && b !== 'postgres') throw new Error(`backend: expected sqlite or postgres, got "${b}"`);
    c.backend = b;
  }
  if (v('dataDir') !== undefined) c.dataDir = v('dataDir')!;
  if (v('postgresUrl') !== undefined) c.postgresUrl = v('postgresUrl')!;
  if (v('maxBodyBytes') !== undefined) c.maxBodyBytes = int('max-body-bytes', v('maxBodyBytes')!, 1024, 64 * 1024 * 1024);
  if (v('rateLimitPerSecond') !== undefined) c.rateLimitPerSecond = int('rate-limit', v('rateLimitPerSecond')!, 1, 1_000_000);
  if (v('rateLimitBurst') !== undefined) c.rateLimitBurst = int('rate-burst', v('rateLimitBurst')!, 1, 1_000_000);
  if (v('linkRateLimitPerSecond') !== undefined) c.linkRateLimitPerSecond = int('link-rate-limit', v('linkRateLimitPerSecond')!, 1, 1_000_000);
  if (v('linkRateLimitBurst') !== undefined) c.linkRateLimitBurst = int('link-rate-burst', v('linkRateLimitBurst')!, 1, 1_000_000);
  if (v('allowOrgCreation') !== undefined) c.allowOrgCreation = bool('allow-org-creation', v('allowOrgCreation')!);
  if (v('trustProxy') !== undefined) c.trustProxy = bool('trust-proxy', v('trustProxy')!);
  if (v('logLevel') !== undefined) {
    const l = v('logLevel')!;
    if (!['debug', 'info', 'warn', 'error', 'silent'].includes(l)) throw new Error(`log-level: expected debug, info, warn, error or silent, got "${l}"`);
    c.logLevel = l as RelayConfig['logLevel'];
  }
  if (c.backend === 'postgres' && !c.postgresUrl) throw new Error('backend postgres needs --postgres-url or ANXIN_RELAY_POSTGRES_URL');
  return c;
}

export function usage(): string {
  return [
    'Usage: npm run relay -- [options]   (each option also reads its environment variable)',
    ...Object.values(OPTIONS).map((o) => `  ${o.flag.padEnd(22)} ${o.env}`)
  ].join('\n');
}
