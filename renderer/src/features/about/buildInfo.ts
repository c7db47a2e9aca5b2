// Put in at build time by electron.vite.config.ts (define): the commit (`git rev-parse
// --short HEAD`, or "unknown" outside a checkout) and when the renderer was built.
declare const __APP_COMMIT__: string;
declare const __APP_BUILD_DATE__: string;

export const buildInfo = {
  commit: typeof __APP_COMMIT__ === 'string' ? __APP_COMMIT__ : 'unknown',
  builtAt: typeof __APP_BUILD_DATE__ === 'string' ? __APP_BUILD_DATE__ : null,
} as const;

/** licenses.json, written beside index.html by the build (electron.vite.config.ts, licensesAsset). */
export interface LicensedPackage {
  name: string;
  version: string;
  license: string;
  licenseFile: string | null;
}

export async function loadLicenses(): Promise<LicensedPackage[]> {
  const response = await fetch('/licenses.json', { cache: 'no-cache' });
  if (!response.ok) throw new Error(`licenses.json: HTTP ${response.status}`);
  const body = (await response.json()) as { format?: unknown; packages?: unknown };
  if (body.format !== 'panel-review/licenses@1' || !Array.isArray(body.packages)) throw new Error('licenses.json: unknown format');
  return body.packages as LicensedPackage[];
}
