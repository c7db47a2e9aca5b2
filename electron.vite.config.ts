import fs from 'node:fs';
import { extname, join, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import pkg from './package.json' with { type: 'json' };

const define = { __APP_VERSION__: JSON.stringify(pkg.version) };

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
 * One build for every entry point. main/ holds the Electron main process and the CLI
 * (which also runs the web shell): both are Node code over the same core, and the CLI
 * chunk never imports 'electron'. The PDF worker thread is a third main entry, so that
 * pdf.js parses off the main event loop. The preload is CommonJS because sandboxed
 * preloads cannot be ES modules.
 */
export default defineConfig({
  main: {
    define,
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
    plugins: [react(), pdfjsAssets()],
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
