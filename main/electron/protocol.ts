/**
 * Serves the built renderer (dist/renderer) on app://anxin/. Only GET/HEAD of files that
 * resolveAppAsset accepts; every response carries the CSP and the other headers from
 * responseHeadersFor. Nothing else is reachable through this scheme.
 */
import { readFile } from 'node:fs/promises';
import type { Session } from 'electron';
import { APP_SCHEME, CONTENT_SECURITY_POLICY, resolveAppAsset, responseHeadersFor } from './security-policy';

function notFound(status: number): Response {
  return new Response(null, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'content-security-policy': CONTENT_SECURITY_POLICY }
  });
}

export function serveRenderer(ses: Session, rendererRoot: string): void {
  ses.protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return notFound(405);
    const file = resolveAppAsset(rendererRoot, request.url);
    if (!file) return notFound(404);
    try {
      const body = request.method === 'HEAD' ? null : await readFile(file);
      return new Response(body, { status: 200, headers: responseHeadersFor(file) });
    } catch {
      return notFound(404);
    }
  });
}
