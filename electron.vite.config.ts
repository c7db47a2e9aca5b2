import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import pkg from './package.json' with { type: 'json' };

const define = { __APP_VERSION__: JSON.stringify(pkg.version) };

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
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: resolve('renderer/index.html') },
    },
  },
});
