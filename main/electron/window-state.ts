/**
 * The window's size, position and maximised state, kept in `<dataDir>/window-state.json`
 * (device-wide, like preferences.json). Only geometry: never which case or screen was open —
 * the window always starts at the unlock screen. No electron import (tests/unit/
 * electron-window-state.test.ts); window.ts passes the displays' work areas in.
 *
 * A saved state is used only if it still makes sense: sizes are clamped to the window's
 * minimum and to the display, and a window that would open mostly off every display (a
 * monitor unplugged since) is centred on the primary display instead.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomicSync } from '../services/atomic-file';

export const WINDOW_STATE_FILE = 'window-state.json';
export const DEFAULT_SIZE = { width: 1200, height: 800 } as const;
export const MIN_SIZE = { width: 720, height: 520 } as const;
/** How much of the window's title bar must be on a display for the position to be kept. */
const MIN_VISIBLE = { width: 120, height: 40 } as const;

export type Rect = { x: number; y: number; width: number; height: number };
export type WindowState = { width: number; height: number; x?: number; y?: number; maximized: boolean };

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < 100_000;

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y))
  };
}

/**
 * Turns whatever the file holds into a state that fits the displays now attached.
 * `workAreas[0]` is the primary display. Unknown or broken input gives the default size,
 * centred by the OS (no x/y).
 */
export function sanitiseWindowState(raw: unknown, workAreas: readonly Rect[]): WindowState {
  const primary = workAreas[0] ?? { x: 0, y: 0, width: DEFAULT_SIZE.width, height: DEFAULT_SIZE.height };
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const maximized = r['maximized'] === true;
  const fit = (value: unknown, min: number, fallback: number, max: number) =>
    Math.max(min, Math.min(isInt(value) ? value : fallback, Math.max(min, max)));

  // Clamp the size to the largest display (a saved 10000 px window, a 3 px one).
  const maxWidth = Math.max(...workAreas.map((a) => a.width), MIN_SIZE.width);
  const maxHeight = Math.max(...workAreas.map((a) => a.height), MIN_SIZE.height);
  const width = fit(r['width'], MIN_SIZE.width, DEFAULT_SIZE.width, maxWidth);
  const height = fit(r['height'], MIN_SIZE.height, DEFAULT_SIZE.height, maxHeight);

  if (!isInt(r['x']) || !isInt(r['y'])) return { width, height, maximized };
  const title: Rect = { x: r['x'], y: r['y'], width, height: MIN_VISIBLE.height };
  const onScreen = workAreas.some((area) => {
    const o = overlap(title, area);
    return o.width >= MIN_VISIBLE.width && o.height >= MIN_VISIBLE.height;
  });
  if (onScreen) return { width, height, x: r['x'], y: r['y'], maximized };
  // Off every display: centre on the primary one.
  return {
    width: Math.min(width, Math.max(MIN_SIZE.width, primary.width)),
    height: Math.min(height, Math.max(MIN_SIZE.height, primary.height)),
    x: primary.x + Math.max(0, Math.round((primary.width - Math.min(width, primary.width)) / 2)),
    y: primary.y + Math.max(0, Math.round((primary.height - Math.min(height, primary.height)) / 2)),
    maximized
  };
}

export function loadWindowState(dataDir: string, workAreas: readonly Rect[]): WindowState {
  let raw: unknown = null;
  try {
    raw = JSON.parse(fs.readFileSync(path.join(dataDir, WINDOW_STATE_FILE), 'utf8'));
  } catch {
    // No file yet, or unreadable: defaults.
  }
  return sanitiseWindowState(raw, workAreas);
}

/** Saves the normal (non-maximised) bounds and whether the window was maximised. */
export function saveWindowState(dataDir: string, bounds: Rect, maximized: boolean): void {
  const state = { x: Math.round(bounds.x), y: Math.round(bounds.y), width: Math.round(bounds.width), height: Math.round(bounds.height), maximized };
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeFileAtomicSync(path.join(dataDir, WINDOW_STATE_FILE), `${JSON.stringify(state)}\n`);
}
