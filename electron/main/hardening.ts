import type { App, Session } from 'electron';
import { navigationDecision, permissionDecision } from './policy';

/**
 * The Electron security checklist's run-time items, applied to every web contents the
 * app ever creates: no navigation away from app://, no new windows, no webviews, no
 * permissions.
 */
export function hardenApp(app: App): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (navigationDecision(url) === 'deny') event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (navigationDecision(url) === 'deny') event.preventDefault();
    });
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}

export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(permissionDecision(permission)));
  session.setPermissionCheckHandler((_contents, permission) => permissionDecision(permission));
}
