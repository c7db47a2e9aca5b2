import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, isAppUrl, isTrustedSender, navigationDecision, permissionDecision } from './policy';

describe('Electron shell policy', () => {
  it('trusts only the app:// origin of Panel Review', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('app://panel-review/assets/index.js')).toBe(true);
    for (const url of [
      'app://evil/index.html',
      'file:///etc/passwd',
      'https://panel-review/index.html',
      'http://127.0.0.1:3000/',
      'app://panel-review.evil.com/',
      'javascript:alert(1)',
      'not a url',
      '',
    ]) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });

  it('accepts IPC only from the top frame of the app page', () => {
    expect(isTrustedSender(APP_ENTRY_URL, true)).toBe(true);
    expect(isTrustedSender(APP_ENTRY_URL, false)).toBe(false);
    expect(isTrustedSender('https://example.com/', true)).toBe(false);
    expect(isTrustedSender(undefined, true)).toBe(false);
  });

  it('denies navigation away from the app and every permission', () => {
    expect(navigationDecision('app://panel-review/index.html#/rounds')).toBe('allow');
    expect(navigationDecision('https://example.com/')).toBe('deny');
    expect(navigationDecision('file:///C:/Windows/')).toBe('deny');
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      expect(permissionDecision(permission)).toBe(false);
    }
  });
});
