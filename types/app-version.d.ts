/** Replaced at build time by electron-vite and vitest with package.json's version. */
declare const __APP_VERSION__: string;
