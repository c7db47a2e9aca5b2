import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeOf, resolveStaticPath } from './staticFiles';

const root = path.resolve('/srv/panel-review/out/renderer');
const index = path.join(root, 'index.html');

describe('resolveStaticPath', () => {
  it.each(['/', '', '/some/route', '/rounds/abc123', '/some/route/', '/./', '//'])('%j is a client-side route: index.html', (urlPath) => {
    expect(resolveStaticPath(root, urlPath)).toBe(index);
  });

  it('maps files inside the root', () => {
    expect(resolveStaticPath(root, '/assets/x.js')).toBe(path.join(root, 'assets', 'x.js'));
    expect(resolveStaticPath(root, '/icon.svg')).toBe(path.join(root, 'icon.svg'));
    expect(resolveStaticPath(root, '/index.html')).toBe(index);
    expect(resolveStaticPath(root, '/./assets/./x.js')).toBe(path.join(root, 'assets', 'x.js'));
    expect(resolveStaticPath(root, '//assets//x.js')).toBe(path.join(root, 'assets', 'x.js'));
  });

  it('decodes percent-encoding (Chinese file names too)', () => {
    expect(resolveStaticPath(root, '/assets/a%20b.js')).toBe(path.join(root, 'assets', 'a b.js'));
    expect(resolveStaticPath(root, `/assets/${encodeURIComponent('评审')}.js`)).toBe(path.join(root, 'assets', '评审.js'));
  });

  it('accepts a relative root and resolves it', () => {
    expect(resolveStaticPath('out/renderer', '/assets/x.js')).toBe(path.resolve('out/renderer/assets/x.js'));
  });

  it.each([
    '/../package.json',
    '/..',
    '/../',
    '/assets/../../package.json',
    '/assets/../index.html',
    '/%2e%2e/%2e%2e/package.json',
    '/%2E%2E/package.json',
    '/..%2f..%2fpackage.json',
    '/..%2F..%2Fpackage.json',
    '/assets/..%2f..%2f..%2fetc/passwd',
    '/%2e%2e%2f%2e%2e%2fpackage.json',
    '/..\\..\\package.json',
    '/..%5c..%5cpackage.json',
    '/assets\\x.js',
    '/%5c%5cserver%5cshare%5cx.js',
    '/index.html%00.js',
    '/%00',
    '/assets/x.js\0',
    '/%',
    '/%zz.js',
    '/%E0%A4%A.js',
    '/%C0%AE%C0%AE/package.json',
  ])('refuses %j', (urlPath) => {
    expect(resolveStaticPath(root, urlPath)).toBeNull();
  });

  it('never resolves outside the root, whatever the input', () => {
    const samples = ['/a/b/c.js', '/.../x.js', '/..../x.js', '/.x.js', '/a/./../b.js', '/%2e/x.js', '/%2e%2e%2e/x.js', '/a..b/c.js'];
    for (const sample of samples) {
      const file = resolveStaticPath(root, sample);
      if (file !== null) expect(file.startsWith(root + path.sep), `${sample} → ${file}`).toBe(true);
    }
  });

  it('names with three dots or dots inside are ordinary names, not traversal', () => {
    expect(resolveStaticPath(root, '/.../x.js')).toBe(path.join(root, '...', 'x.js'));
    expect(resolveStaticPath(root, '/a..b/c.js')).toBe(path.join(root, 'a..b', 'c.js'));
  });
});

describe('contentTypeOf', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['x.JS', 'text/javascript; charset=utf-8'],
    ['pdf.worker.mjs', 'text/javascript; charset=utf-8'],
    ['a.css', 'text/css; charset=utf-8'],
    ['icon.svg', 'image/svg+xml'],
    ['Adobe-GB1-UCS2.bcmap', 'application/octet-stream'],
    ['x.wasm', 'application/wasm'],
    ['noext', 'application/octet-stream'],
    ['x.exe', 'application/octet-stream'],
  ])('%s → %s', (file, type) => {
    expect(contentTypeOf(file)).toBe(type);
  });
});
