/**
 * Pure decisions of the Electron shell, kept free of 'electron' imports so they are
 * unit-tested here, where the Electron runtime cannot run.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'panel-review';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Only our own app:// origin is trusted: any other URL in a frame is content, not the app. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/** IPC from a frame that is not our top-level app page is refused. */
export function isTrustedSender(frameUrl: string | undefined, isMainFrame: boolean): boolean {
  return isMainFrame && frameUrl !== undefined && isAppUrl(frameUrl);
}

/**
 * In-app navigation stays on app://; everything else is refused. External links will be
 * offered to the system browser only after the user confirms (Hardening issue).
 */
export function navigationDecision(url: string): 'allow' | 'deny' {
  return isAppUrl(url) ? 'allow' : 'deny';
}

/** The renderer gets no device, notification, clipboard-read or other permission. */
export function permissionDecision(_permission: string): false {
  return false;
}
