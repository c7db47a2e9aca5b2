import { timingSafeEqual } from 'node:crypto';

/**
 * Checks of the loopback web shell. A web page on the internet can make the browser
 * send requests to 127.0.0.1; these refuse them: a foreign Host means DNS rebinding,
 * a foreign Origin a cross-site request, and without the per-launch token nothing
 * is served at all.
 */
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost'];

export function isAllowedHost(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  return LOOPBACK_NAMES.some((name) => host.toLowerCase() === `${name}:${port}`);
}

/** Origin, when the browser sends one, must be this server itself. */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return LOOPBACK_NAMES.some((name) => origin.toLowerCase() === `http://${name}:${port}`);
}

export function tokenMatches(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Cookies are per host, not per port: name it by port so two shells don't evict each other. */
export function sessionCookieName(port: number): string {
  return `panel-review-${port}`;
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = header !== undefined ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}
