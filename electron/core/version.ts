/** package.json's version, put in at build time (types/app-version.d.ts, electron.vite.config.ts, vitest.config.ts). */
export const appVersion: string = __APP_VERSION__;
