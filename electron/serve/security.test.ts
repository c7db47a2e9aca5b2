import { describe, expect, it } from 'vitest';
import { bearerToken, isAllowedHost, isAllowedOrigin, readCookie, sessionCookieName, tokenMatches } from './security';

describe('isAllowedHost', () => {
  it('accepts 127.0.0.1 and localhost on the bound port, in any case', () => {
    expect(isAllowedHost('127.0.0.1:4321', 4321)).toBe(true);
    expect(isAllowedHost('localhost:4321', 4321)).toBe(true);
    expect(isAllowedHost('LocalHost:4321', 4321)).toBe(true);
  });

  it.each([
    [undefined],
    [''],
    ['127.0.0.1'],
    ['localhost'],
    ['127.0.0.1:1234'],
    ['evil.example:4321'],
    ['127.0.0.1.evil.example:4321'],
    ['localhost.evil.example:4321'],
    ['evil.example'],
    ['[::1]:4321'],
    ['0.0.0.0:4321'],
    ['127.0.0.2:4321'],
    ['127.0.0.1:4321 '],
    [' 127.0.0.1:4321'],
    ['127.0.0.1:04321'],
    ['user@127.0.0.1:4321'],
  ])('refuses Host %j on port 4321', (host) => {
    expect(isAllowedHost(host, 4321)).toBe(false);
  });
});

describe('isAllowedOrigin', () => {
  it('accepts no Origin (same-origin GETs and non-browser clients send none)', () => {
    expect(isAllowedOrigin(undefined, 4321)).toBe(true);
  });

  it('accepts the server itself', () => {
    expect(isAllowedOrigin('http://127.0.0.1:4321', 4321)).toBe(true);
    expect(isAllowedOrigin('http://localhost:4321', 4321)).toBe(true);
    expect(isAllowedOrigin('HTTP://LOCALHOST:4321', 4321)).toBe(true);
  });

  it.each([
    ['http://evil.example'],
    ['null'],
    [''],
    ['https://127.0.0.1:4321'],
    ['http://127.0.0.1:1234'],
    ['http://127.0.0.1'],
    ['http://127.0.0.1:4321/'],
    ['http://127.0.0.1:4321.evil.example'],
    ['http://localhost.evil.example:4321'],
    ['file://'],
    ['app://panel-review'],
  ])('refuses Origin %j on port 4321', (origin) => {
    expect(isAllowedOrigin(origin, 4321)).toBe(false);
  });
});

describe('tokenMatches', () => {
  const token = 'oNawwTNYNQTw6jXYeDRISDa2p0QrHCADjPJSSFt602E';

  it('accepts exactly the token', () => {
    expect(tokenMatches(token, token)).toBe(true);
  });

  it.each([[undefined], [''], [token.slice(0, -1)], [`${token}x`], [token.toLowerCase()], [` ${token}`], [`${token.slice(0, -1)}F`]])(
    'refuses %j',
    (given) => {
      expect(tokenMatches(given, token)).toBe(false);
    },
  );

  it('compares bytes, so multi-byte text of the same length in characters does not crash or match', () => {
    const ascii = 'a'.repeat(4);
    expect(tokenMatches('é'.repeat(4), ascii)).toBe(false);
    expect(tokenMatches('评审评审', ascii)).toBe(false);
  });
});

describe('sessionCookieName', () => {
  it('is named by port, so two shells on one host keep their own cookies', () => {
    expect(sessionCookieName(4321)).toBe('panel-review-4321');
    expect(sessionCookieName(4321)).not.toBe(sessionCookieName(4322));
  });
});

describe('readCookie', () => {
  it('finds the named cookie among others', () => {
    expect(readCookie('a=1; panel-review-4321=tok; b=2', 'panel-review-4321')).toBe('tok');
    expect(readCookie('panel-review-4321=tok', 'panel-review-4321')).toBe('tok');
    expect(readCookie('  panel-review-4321 = tok ', 'panel-review-4321')).toBe('tok');
  });

  it('keeps = inside the value', () => {
    expect(readCookie('x=a=b==', 'x')).toBe('a=b==');
  });

  it('does not confuse names that share a prefix or suffix', () => {
    expect(readCookie('panel-review-43210=tok', 'panel-review-4321')).toBeUndefined();
    expect(readCookie('xpanel-review-4321=tok', 'panel-review-4321')).toBeUndefined();
    expect(readCookie('panel-review-432=tok', 'panel-review-4321')).toBeUndefined();
  });

  it('is undefined without a header, without the cookie, or for a nameless pair', () => {
    expect(readCookie(undefined, 'x')).toBeUndefined();
    expect(readCookie('', 'x')).toBeUndefined();
    expect(readCookie('y=1', 'x')).toBeUndefined();
    expect(readCookie('=x', 'x')).toBeUndefined();
    expect(readCookie('x', 'x')).toBeUndefined();
  });
});

describe('bearerToken', () => {
  it('takes the token from an Authorization: Bearer header, case-insensitively', () => {
    expect(bearerToken('Bearer abc-_123')).toBe('abc-_123');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('Bearer   abc')).toBe('abc');
  });

  it.each([[undefined], [''], ['Bearer'], ['Bearer '], ['Basic abc'], ['Bearer a b'], ['Bearerabc'], ['xBearer abc']])('refuses %j', (header) => {
    expect(bearerToken(header)).toBeUndefined();
  });
});
