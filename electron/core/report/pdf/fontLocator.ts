import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../errors';
import { BUILT_FONT_DIR, FONT_PACKAGE, type FontWeight, REPORT_FONT_FILES } from './fontFiles';

/**
 * Finds the report font (fontFiles.ts) where it is installed:
 *  - built: out/main/fonts/, beside the entry points. This module is bundled into
 *    out/main/cli.js or index.js, or into a chunk under out/main/chunks/, so both
 *    ./fonts/ and ../fonts/ from this module's URL are looked at. Inside a packaged app
 *    that path is within app.asar, which Electron's fs reads transparently;
 *  - from source (tests, `electron-vite dev`): the npm package in node_modules.
 * A missing font is an installation problem, so it is an AppError naming every place looked.
 */

export interface ReportFontPaths {
  regular: string;
  bold: string;
  license: string;
}

export type ReportFontBytes = Record<FontWeight, Uint8Array>;

function builtCandidates(): ReportFontPaths[] {
  return ['./', '../'].map((up) => {
    const dir = fileURLToPath(new URL(`${up}${BUILT_FONT_DIR}/`, import.meta.url));
    return flat(dir);
  });
}

function flat(dir: string): ReportFontPaths {
  return {
    regular: path.join(dir, REPORT_FONT_FILES.regular.name),
    bold: path.join(dir, REPORT_FONT_FILES.bold.name),
    license: path.join(dir, REPORT_FONT_FILES.license.name),
  };
}

function packageCandidate(): ReportFontPaths | undefined {
  try {
    const root = path.dirname(createRequire(import.meta.url).resolve(`${FONT_PACKAGE}/package.json`));
    return {
      regular: path.join(root, REPORT_FONT_FILES.regular.inPackage),
      bold: path.join(root, REPORT_FONT_FILES.bold.inPackage),
      license: path.join(root, REPORT_FONT_FILES.license.inPackage),
    };
  } catch {
    return undefined; // not installed: a packaged app never has devDependencies
  }
}

const complete = (paths: ReportFontPaths): boolean => Object.values(paths).every((file) => fs.existsSync(file));

/** `dirs`: folders holding the flat file names, looked at instead of the defaults (tests). */
export function locateReportFonts(dirs?: readonly string[]): ReportFontPaths {
  const candidates = dirs !== undefined ? dirs.map(flat) : [...builtCandidates(), packageCandidate()].filter((c) => c !== undefined);
  const found = candidates.find(complete);
  if (found !== undefined) return found;
  const paths = candidates.map((candidate) => path.dirname(candidate.regular)).join(', ');
  throw new AppError('REPORT_FONT_MISSING', `the report font is missing (looked in ${paths})`, { paths });
}

let cached: ReportFontBytes | undefined;

/**
 * The font files' bytes, read once per process: each is about 10 MB and every report
 * embeds both. The same Uint8Array objects every time, which lets the fontkit adapter
 * parse each font once as well (fontkitAdapter.ts).
 */
export function loadReportFonts(): ReportFontBytes {
  if (cached === undefined) {
    const paths = locateReportFonts();
    cached = { regular: fs.readFileSync(paths.regular), bold: fs.readFileSync(paths.bold) };
  }
  return cached;
}
