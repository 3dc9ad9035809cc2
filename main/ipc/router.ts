/**
 * Routes one IPC call: unknown channel -> error; request parsed against the contract; the
 * handler's value checked against the response schema (so nothing outside the contract, such
 * as a key, can leak to the renderer); any throw becomes `{ ok: false, error }`.
 * Electron (main/electron/ipc.ts) and the browser host (main/host/) both call `dispatch`.
 */
import { contract, type Channel, type RequestOf, type ResponseOf } from '../../shared/ipc/contract';
import { AppError, isAppError } from '../../shared/errors';
import type { Result } from '../../shared/result';

export type Handlers = {
  [C in Channel]: (request: ReturnType<Contract[C]['request']['parse']>) => Promise<ResponseOf<C>> | ResponseOf<C>;
};
type Contract = typeof contract;

/** The handlers one feature contributes (its own channels only). */
export type HandlersFor<C extends Record<string, unknown>> = Pick<Handlers, keyof C & Channel>;

export type Dispatch = (channel: string, request: unknown) => Promise<Result<unknown>>;

export const isChannel = (name: string): name is Channel => Object.prototype.hasOwnProperty.call(contract, name);

export function createDispatch(handlers: Handlers, log: (line: string) => void = () => {}): Dispatch {
  return async (channel, request) => {
    if (!isChannel(channel)) {
      return { ok: false, error: { code: 'ipc/unknown-channel', message: 'Unknown IPC channel' } };
    }
    const spec = contract[channel];
    const parsed = spec.request.safeParse(request ?? {});
    if (!parsed.success) {
      // Field paths only: the values may be case data and must not reach a log.
      const fields = parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
      return { ok: false, error: { code: 'ipc/invalid-request', message: `Invalid request for ${channel}: ${fields}` } };
    }
    try {
      const handler = handlers[channel] as (r: unknown) => Promise<unknown> | unknown;
      const value = await handler(parsed.data);
      const checked = spec.response.safeParse(value ?? null);
      if (!checked.success) throw new AppError('internal', `Response of ${channel} does not match the contract`);
      return { ok: true, value: checked.data };
    } catch (e) {
      if (isAppError(e)) {
        return { ok: false, error: { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) } };
      }
      // The message of an unexpected error could quote data; log its kind only.
      log(`ipc ${channel}: unexpected ${(e as Error)?.name ?? 'error'}`);
      return { ok: false, error: { code: 'internal', message: 'Unexpected error' } };
    }
  };
}

export type TypedInvoke = <C extends Channel>(channel: C, request: RequestOf<C>) => Promise<Result<ResponseOf<C>>>;
