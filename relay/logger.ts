/**
 * Structured JSON logs, one object per line. Never a body, a payload, a key, an IP address or an
 * organisation/device id: routes are logged as templates (`/v1/orgs/:orgId/…`), and where a
 * correlation is useful, a mailbox appears only as a short keyed hash that changes every run.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { RelayConfig } from './config';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
export type LogFields = Record<string, string | number | boolean | undefined>;
export type Logger = {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A per-run keyed hash: lets an operator correlate lines of one run without learning the id. */
  pseudonym(id: string): string;
};

export function createLogger(level: RelayConfig['logLevel'], write: (line: string) => void = (l) => process.stdout.write(l)): Logger {
  const min = LEVELS[level];
  const runKey = randomBytes(32);
  const emit = (lvl: Exclude<keyof typeof LEVELS, 'silent'>) => (msg: string, fields?: LogFields) => {
    if (LEVELS[lvl] < min) return;
    write(`${JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...fields })}\n`);
  };
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    pseudonym: (id) => createHmac('sha256', runKey).update(id).digest('hex').slice(0, 12)
  };
}
