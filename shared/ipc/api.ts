/**
 * The renderer-facing API shape, derived from the contract: `cases:list` becomes
 * `api.cases.list(request)`. Both the preload (Electron) and the browser-host client build
 * an object of this type, so the renderer cannot tell them apart.
 */
import type { Result } from '../result';
import type { Channel, EventName, EventPayload, RequestOf, ResponseOf } from './contract';

type DomainOf<C extends string> = C extends `${infer D}:${string}` ? D : never;
type VerbOf<C extends string, D extends string> = C extends `${D}:${infer V}` ? V : never;

export type AnxinApi = {
  [D in DomainOf<Channel>]: {
    [V in VerbOf<Channel, D>]: (request: RequestOf<`${D}:${V}` & Channel>) => Promise<Result<ResponseOf<`${D}:${V}` & Channel>>>;
  };
} & {
  onEvent: <E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void) => () => void;
};

/** Turns a flat `invoke(channel, request)` into the namespaced API object. */
export function buildApi(
  channels: readonly string[],
  invoke: (channel: string, request: unknown) => Promise<Result<unknown>>,
  onEvent: (name: string, listener: (payload: unknown) => void) => () => void
): AnxinApi {
  const api: Record<string, Record<string, (request: unknown) => Promise<Result<unknown>>>> = {};
  for (const channel of channels) {
    const [domain, verb] = channel.split(':') as [string, string];
    api[domain] ??= {};
    api[domain][verb] = (request: unknown) => invoke(channel, request ?? {});
  }
  return Object.freeze({ ...api, onEvent }) as unknown as AnxinApi;
}
