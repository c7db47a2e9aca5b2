import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { extname, join, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import pkg from './package.json' with { type: 'json' };
import { BUILT_FONT_DIR, FONT_LICENSE_SPDX, FONT_PACKAGE, REPORT_FONT_FILES } from './electron/core/report/pdf/fontFiles';

/** The commit this build comes from, or "unknown" outside a git checkout (a source tarball). */
function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || 'unknown';
  } catch {
    return 'unknown';
  }
}

const define = { __APP_VERSION__: JSON.stringify(pkg.version) };
/** What the About view shows besides the version (renderer/src/features/about/buildInfo.ts). */
const buildInfoDefine = { __APP_COMMIT__: JSON.stringify(gitCommit()), __APP_BUILD_DATE__: JSON.stringify(new Date().toISOString()) };

interface LicenseEntry {
  name: string;
  version: string;
  license: string;
  licenseFile: string | null;
}

/** A package's declared licence: the SPDX `license` string, or the old `license: {type}` / `licenses: [...]` forms. */
function declaredLicense(meta: { license?: unknown; licenses?: unknown }): string {
  const name = (value: unknown): string | undefined =>
    typeof value === 'string' ? value : typeof value === 'object' && value !== null && 'type' in value ? String(value.type) : undefined;
  if (meta.license !== undefined) return name(meta.license) ?? 'UNKNOWN';
  if (Array.isArray(meta.licenses)) return meta.licenses.map(name).filter((n) => n !== undefined).join(' OR ') || 'UNKNOWN';
  return 'UNKNOWN';
}

function licenseEntry(dir: string): LicenseEntry {
  const meta = JSON.parse(fs.readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; version: string; license?: unknown; licenses?: unknown };
  const file = fs.readdirSync(dir).find((name) => /^(licen[cs]e|copying)([.-].*)?$/i.test(name)) ?? null;
  return { name: meta.name, version: meta.version, license: declaredLicense(meta), licenseFile: file };
}

/**
 * licenses.json for the About view: every third-party package in the app, with its
 * version, declared licence and the name of its licence file. Two sources: the
 * production dependency tree (package.json dependencies, transitively, optional ones
 * when installed), which ships in node_modules; and the packages whose code the
 * renderer bundle contains (React, antd… are build-time dependencies bundled into it).
 */
function licensesAsset(): Plugin {
  const packageDir = (from: string, name: string): string | undefined => {
    for (let dir = from; ; dir = resolve(dir, '..')) {
      const candidate = join(dir, 'node_modules', name);
      if (fs.existsSync(join(candidate, 'package.json'))) return candidate;
      if (resolve(dir, '..') === dir) return undefined;
    }
  };
  const productionTree = (): Set<string> => {
    const found = new Set<string>();
    const visit = (from: string, deps: Record<string, string>, optional: Record<string, string>) => {
      for (const name of [...Object.keys(deps), ...Object.keys(optional)]) {
        const dir = packageDir(from, name);
        if (dir === undefined) {
          if (name in deps) throw new Error(`licenses: dependency ${name} is not installed`);
          continue;
        }
        if (found.has(dir)) continue;
        found.add(dir);
        const meta = JSON.parse(fs.readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
        visit(dir, meta.dependencies ?? {}, meta.optionalDependencies ?? {});
      }
    };
    visit(resolve('.'), pkg.dependencies, {});
    return found;
  };
  return {
    name: 'panel-review:licenses',
    apply: 'build',
    generateBundle(_options, bundle) {
      const dirs = productionTree();
      for (const output of Object.values(bundle)) {
        if (output.type !== 'chunk') continue;
        for (const id of output.moduleIds) {
          const match = /^(.*[\\/]node_modules[\\/](?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(id.replace(/^\0/, ''));
          if (match?.[1] !== undefined && fs.existsSync(join(match[1], 'package.json'))) dirs.add(match[1]);
        }
      }
      const byKey = new Map<string, LicenseEntry>();
      for (const dir of dirs) {
        const entry = licenseEntry(dir);
        // Some packages ship nested package.json files ({"type":"module"}): not packages.
        if (typeof entry.name === 'string' && typeof entry.version === 'string') byKey.set(`${entry.name}@${entry.version}`, entry);
      }
      // The report font ships as files, not code, from a devDependency: listed by hand, under
      // the font's own licence (the package's MIT covers only its JavaScript, which does not ship).
      const font = licenseEntry(resolve('node_modules', FONT_PACKAGE));
      byKey.set(`${font.name}@${font.version}`, { ...font, license: FONT_LICENSE_SPDX, licenseFile: REPORT_FONT_FILES.license.name });
      const packages = [...byKey.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version < b.version ? -1 : 1));
      this.emitFile({ type: 'asset', fileName: 'licenses.json', source: `${JSON.stringify({ format: 'panel-review/licenses@1', packages }, null, 1)}\n` });
    },
  };
}

/**
 * pdf.js's data files, served from our own origin under /pdfjs/ (the CSP allows nothing
 * else, and an expert's laptop is offline): the packed Adobe CMaps (Chinese text in CID
 * fonts without ToUnicode needs Adobe-GB1/CNS1), the standard fonts (non-embedded Times,
 * Helvetica…), the JPX/JBIG2/ICC decoders (WebAssembly, with their plain-JS fallbacks) and
 * the CMYK ICC profile, and the annotation icons. Copied into out/renderer/pdfjs/ at build
 * time, served from node_modules in dev. QuickJS (PDF scripting) is left out on purpose.
 */
function pdfjsAssets(): Plugin {
  const root = resolve('node_modules/pdfjs-dist');
  const folders: Record<string, (name: string) => boolean> = {
    cmaps: (name) => name.endsWith('.bcmap') || name === 'LICENSE',
    standard_fonts: () => true,
    wasm: (name) => !name.includes('quickjs'),
    iccs: () => true,
    'web/images': (name) => name.startsWith('annotation-'),
  };
  const files = (): { url: string; file: string }[] =>
    Object.entries(folders).flatMap(([folder, keep]) =>
      fs
        .readdirSync(join(root, folder))
        .filter(keep)
        .map((name) => ({ url: `pdfjs/${folder.replace('web/', '')}/${name}`, file: join(root, folder, name) })),
    );
  const types: Record<string, string> = { '.wasm': 'application/wasm', '.js': 'text/javascript; charset=utf-8', '.svg': 'image/svg+xml' };
  return {
    name: 'panel-review:pdfjs-assets',
    configureServer(server) {
      const byUrl = new Map(files().map(({ url, file }) => [`/${url}`, file]));
      server.middlewares.use((req, res, next) => {
        const file = byUrl.get((req.url ?? '').split('?')[0] ?? '');
        if (file === undefined) return next();
        res.setHeader('Content-Type', types[extname(file)] ?? 'application/octet-stream');
        fs.createReadStream(file).pipe(res);
      });
    },
    generateBundle() {
      for (const { url, file } of files()) this.emitFile({ type: 'asset', fileName: url, source: fs.readFileSync(file) });
    },
  };
}

/**
 * The CJK font of the PDF reports (electron/core/report/pdf/fontFiles.ts), copied into
 * out/main/fonts/ beside the entry points that render reports (the CLI and the Electron
 * main process), with its licence. Emitted as assets so that the build cleans and
 * rewrites them with out/main; fs.readFileSync reads them inside the asar too.
 */
function reportFontsAsset(): Plugin {
  const root = resolve('node_modules', FONT_PACKAGE);
  return {
    name: 'panel-review:report-fonts',
    apply: 'build',
    generateBundle() {
      for (const file of Object.values(REPORT_FONT_FILES)) {
        this.emitFile({ type: 'asset', fileName: `${BUILT_FONT_DIR}/${file.name}`, source: fs.readFileSync(join(root, file.inPackage)) });
      }
    },
  };
}

/**
 * One build for every entry point. main/ holds the Electron main process and the CLI
 * (which also runs the web shell): both are Node code over the same core, and the CLI
 * chunk never imports 'electron'. The PDF worker thread is a third main entry, so that
 * pdf.js parses off the main event loop. The preload is CommonJS because sandboxed
 * preloads cannot be ES modules.
 */
export default defineConfig({
  main: {
    define,
    plugins: [reportFontsAsset()],
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve('electron/main/index.ts'),
          cli: resolve('electron/cli/index.ts'),
          // Its own entry: the worker thread runs this file (out/main/pdfWorker.js), and
          // PdfWorkerClient finds it beside the entries (see workerScript()).
          pdfWorker: resolve('electron/core/pdf/pdfWorker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    define: buildInfoDefine,
    plugins: [react(), pdfjsAssets(), licensesAsset()],
    build: {
      outDir: 'out/renderer',
      // electron-vite leaves bundles unminified; minified, the reader's code parses in
      // a fraction of the time, which is most of opening the first document.
      minify: process.env.PR_NO_MINIFY === undefined,
      rollupOptions: {
        input: {
          index: resolve('renderer/index.html'),
          // A page that shows only the PDF reader (?src=…): for development and the reader's e2e test.
          'reader-harness': resolve('renderer/reader-harness.html'),
        },
      },
    },
  },
});
