/**
 * What a feature's IPC handlers may use. Built once in main/app.ts; features never see the
 * vault's internals, only the unlocked session (or a `vault/locked` error).
 */
import type { EventName, EventPayload, LockReason } from '../../shared/ipc/contract';
import type { UnlockedSession } from '../services/unlocked-session';

export type HandlerContext = {
  dataDir: string;
  shell: 'electron' | 'browser';
  /** The open session; throws AppError('vault/locked') when none. Counts as activity. */
  unlocked(): UnlockedSession;
  /** The open session or null, without counting as activity. */
  current(): UnlockedSession | null;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  lock(reason: LockReason): void;
  now(): number;
};
