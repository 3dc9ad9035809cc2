import { describe, expect, it } from 'vitest';
import { createDispatch, type Handlers } from '../../main/ipc/router';
import { AppError } from '../../shared/errors';
import { contract } from '../../shared/ipc/contract';

const notCalled = () => {
  throw new Error('handler must not be called');
};

function handlersWith(overrides: Partial<Handlers>): Handlers {
  const all = Object.fromEntries(Object.keys(contract).map((c) => [c, notCalled])) as unknown as Handlers;
  return { ...all, ...overrides };
}

describe('IPC router', () => {
  it('refuses unknown channels without calling anything', async () => {
    const dispatch = createDispatch(handlersWith({}));
    expect(await dispatch('fs:readFile', { path: '/etc/passwd' })).toEqual({
      ok: false,
      error: { code: 'ipc/unknown-channel', message: 'Unknown IPC channel' }
    });
    expect((await dispatch('__proto__', {})).ok).toBe(false);
    expect((await dispatch('toString', {})).ok).toBe(false);
  });

  it('validates requests against the contract and names fields, not values', async () => {
    const dispatch = createDispatch(handlersWith({}));
    const r = await dispatch('cases:get', { id: 'SECRET-VALUE' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('ipc/invalid-request');
      expect(r.error.message).toContain('id');
      expect(r.error.message).not.toContain('SECRET-VALUE');
    }
    // Extra keys are refused too (strict objects): nothing unexpected reaches a service.
    const extra = await dispatch('vault:lock', { reason: 'manual', evil: true });
    expect(extra.ok).toBe(false);
  });

  it('passes parsed requests to the handler and returns its value', async () => {
    const dispatch = createDispatch(handlersWith({ 'vault:lock': ({ reason }) => ({ state: 'locked', profileId: null, displayName: null, recoveryKeyConfirmed: false, idleTimeoutMinutes: reason === 'shortcut' ? 7 : 5 }) }));
    const r = await dispatch('vault:lock', { reason: 'shortcut' });
    expect(r).toEqual({ ok: true, value: { state: 'locked', profileId: null, displayName: null, recoveryKeyConfirmed: false, idleTimeoutMinutes: 7 } });
  });

  it('turns AppError into a stable code with details', async () => {
    const dispatch = createDispatch(
      handlersWith({
        'vault:unlock': () => {
          throw new AppError('vault/too-many-attempts', 'wait', { retryAfterMs: 4000 });
        }
      })
    );
    const r = await dispatch('vault:unlock', { profileId: '0123456789abcdef', passphrase: 'x' });
    expect(r).toEqual({ ok: false, error: { code: 'vault/too-many-attempts', message: 'wait', details: { retryAfterMs: 4000 } } });
  });

  it('hides unexpected errors and never lets a response outside the contract through', async () => {
    const lines: string[] = [];
    const dispatch = createDispatch(
      handlersWith({
        'cases:list': () => {
          throw new Error('plaintext that must not leak');
        },
        // A handler that would leak a key: the response schema (strict) rejects the extra field.
        'vault:rotateRecoveryKey': () => ({ recoveryKey: 'ABCD', masterKey: 'deadbeef' }) as never
      }),
      (l) => lines.push(l)
    );
    const r = await dispatch('cases:list', {});
    expect(r).toEqual({ ok: false, error: { code: 'internal', message: 'Unexpected error' } });
    expect(lines.join('\n')).not.toContain('plaintext');
    const leak = await dispatch('vault:rotateRecoveryKey', {});
    expect(leak.ok).toBe(false);
  });
});
