import fs from 'node:fs/promises';
import type { Protocol } from 'electron';
import { RENDERER_HEADERS } from '../core/shell/csp';
import { contentTypeOf, resolveStaticPath } from '../core/shell/staticFiles';
import { APP_HOST, APP_SCHEME } from './policy';

/** Must run before app 'ready': app:// is a standard, secure origin with fetch. */
export function registerAppScheme(protocol: Protocol): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

/**
 * Serves the built renderer on app://panel-review/ through the same traversal-safe
 * resolver as the web shell, with the same CSP. Never file://.
 */
export function handleAppProtocol(protocol: Protocol, rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('Not found', { status: 404 });
    const file = resolveStaticPath(rendererDir, url.pathname);
    if (file === null) return new Response('Bad path', { status: 400 });
    try {
      const body = await fs.readFile(file);
      return new Response(body, { headers: { ...RENDERER_HEADERS, 'Content-Type': contentTypeOf(file) } });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
