import type { ErrorCode } from './errors';

/** What crosses every process boundary: never a thrown exception, always one of these. */
export type AppErrorInfo = {
  code: ErrorCode;
  /** English, for logs and developers; the UI shows the translated text for `code`. */
  message: string;
  /** Optional machine-readable details the UI can use (e.g. retryAfterMs). */
  details?: Record<string, string | number | boolean>;
};

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorInfo };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (error: AppErrorInfo): Result<never> => ({ ok: false, error });
