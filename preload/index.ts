/**
 * The sandboxed preload (bundled to dist/preload/preload.cjs; a sandboxed preload can
 * require nothing but 'electron'). It exposes `window.anxin` and nothing else: ipcRenderer
 * and every other Electron object stay on this side of the context bridge. The API itself
 * is built in bridge.ts, which has no electron import and is unit-tested.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadApi } from './bridge';

contextBridge.exposeInMainWorld('anxin', createPreloadApi(ipcRenderer));
