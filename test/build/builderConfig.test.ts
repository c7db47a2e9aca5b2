import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { FuseV1Options } from '@electron/fuses';
import { Ajv } from 'ajv';
import { PlatformPackager } from 'app-builder-lib';
import yaml from 'js-yaml';
import { minimatch } from 'minimatch';
import { describe, expect, it } from 'vitest';
import { BUILT_FONT_DIR, REPORT_FONT_FILES } from '../../electron/core/report/pdf/fontFiles';
import { APP_DIR_NAME } from '../../electron/core/store/dataDir';
import pkg from '../../package.json' with { type: 'json' };
import { REPO_ROOT } from '../helpers/webShell';

/**
 * electron-builder.yml, checked without packaging (which needs downloads this machine
 * cannot make): valid against the schema of the electron-builder version package.json
 * pins, every path it names present after `npx electron-vite build`, the files it ships
 * and leaves out, the fuses it flips, and the names people will see and type.
 */

const require = createRequire(import.meta.url);
const at = (...parts: string[]) => path.join(REPO_ROOT, ...parts);

interface BuilderConfig {
  productName: string;
  artifactName: string;
  files: string[];
  asarUnpack: string[];
  asar: boolean;
  npmRebuild: boolean;
  publish: null;
  electronFuses: Record<string, boolean>;
  extraMetadata?: Record<string, unknown>;
  extraResources?: unknown;
  win: { icon: string; target: string[] };
  nsis: { oneClick: boolean; perMachine: boolean; allowElevation: boolean; deleteAppDataOnUninstall: boolean; artifactName: string };
  portable: { artifactName: string; requestExecutionLevel: string };
  mac: { icon: string; target: string; hardenedRuntime: boolean; entitlements: string; entitlementsInherit: string };
  dmg: { artifactName: string };
  linux: { icon: string; target: string[] };
  appImage: { artifactName: string };
  deb: { artifactName: string };
}

function readConfig(file = at('electron-builder.yml')): unknown {
  return yaml.load(fs.readFileSync(file, 'utf8'));
}

const config = readConfig() as BuilderConfig;

/** Every file under dir, as repository-relative POSIX paths. */
function filesUnder(dir: string): string[] {
  return (fs.readdirSync(at(dir), { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(REPO_ROOT, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

/** What `files` lets into the app: matched by an include, by no exclude (electron-builder's minimatch). */
function shipped(candidates: readonly string[]): string[] {
  const include = config.files.filter((p) => !p.startsWith('!'));
  const exclude = config.files.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  return candidates.filter((file) => include.some((p) => minimatch(file, p, { dot: true })) && !exclude.some((p) => minimatch(file, p, { dot: true })));
}

describe('electron-builder.yml against electron-builder’s own schema', () => {
  const schemaFile = require.resolve('app-builder-lib/scheme.json');
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as object);

  it('uses the schema of the electron-builder version that `npm run dist` runs', () => {
    const builderVersion = (JSON.parse(fs.readFileSync(require.resolve('electron-builder/package.json'), 'utf8')) as { version: string }).version;
    const libVersion = (JSON.parse(fs.readFileSync(require.resolve('app-builder-lib/package.json'), 'utf8')) as { version: string }).version;
    expect(pkg.devDependencies['electron-builder']).toBe(builderVersion);
    expect(libVersion).toBe(builderVersion);
    expect(pkg.scripts.dist).toContain('electron-builder --config electron-builder.yml');
    expect(pkg.scripts.dist).not.toContain('npx');
  });

  it('is valid', () => {
    const valid = validate(config);
    expect(validate.errors ?? [], ajv.errorsText(validate.errors)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('would refuse an unknown key and a wrong type (the validator really checks)', () => {
    expect(validate({ ...config, autoUpdate: true })).toBe(false);
    expect(validate({ ...config, asar: 'yes' })).toBe(false);
    expect(validate({ ...config, nsis: { ...config.nsis, oneClick: 'no' } })).toBe(false);
  });
});

describe('what the packaged app contains (after npx electron-vite build)', () => {
  const out = fs.existsSync(at('out', 'renderer', 'index.html')) ? filesUnder('out') : [];
  it('finds the build', () => {
    expect(out.length, 'out/ is missing: run npx electron-vite build first').toBeGreaterThan(0);
  });

  it('ships the entry points, the renderer and pdf.js’s worker, CMaps and standard fonts', () => {
    const files = shipped([...out, 'package.json']);
    expect(files).toContain(path.posix.normalize(pkg.main));
    for (const file of ['package.json', 'out/main/cli.js', 'out/main/pdfWorker.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'out/renderer/icon.svg']) {
      expect(files).toContain(file);
    }
    expect(files.some((f) => /^out\/renderer\/assets\/pdf\.worker\.min-[^/]+\.mjs$/.test(f))).toBe(true);
    // The CMaps Chinese PDFs need (Adobe-GB1 for simplified Chinese) and the 14 standard fonts.
    expect(files).toContain('out/renderer/pdfjs/cmaps/Adobe-GB1-UCS2.bcmap');
    expect(files).toContain('out/renderer/pdfjs/cmaps/UniGB-UCS2-H.bcmap');
    expect(files.filter((f) => f.startsWith('out/renderer/pdfjs/standard_fonts/')).length).toBeGreaterThan(10);
    expect(files.filter((f) => f.startsWith('out/renderer/pdfjs/wasm/')).length).toBeGreaterThan(0);
  });

  it('ships the PDF reports’ CJK font with its licence, where the font locator looks', () => {
    const files = shipped(out);
    for (const file of Object.values(REPORT_FONT_FILES)) expect(files).toContain(`out/main/${BUILT_FONT_DIR}/${file.name}`);
  });

  it('leaves out the development reader page and its script, and source maps', () => {
    expect(out).toContain('out/renderer/reader-harness.html');
    const harnessScripts = out.filter((f) => /^out\/renderer\/assets\/reader-harness-[^/]+\.js$/.test(f));
    expect(harnessScripts.length).toBe(1);
    const files = shipped(out);
    expect(files).not.toContain('out/renderer/reader-harness.html');
    for (const script of harnessScripts) expect(files).not.toContain(script);
    expect(shipped(['out/main/index.js.map', 'node_modules/pdfjs-dist/build/pdf.mjs.map'])).toEqual([]);
  });

  it('names only paths that exist: every include, exclude and asarUnpack pattern matches something', () => {
    expect(config.extraResources).toBeUndefined();
    const candidates = [...out, 'package.json'];
    for (const pattern of config.files) {
      const glob = pattern.replace(/^!/, '');
      if (glob.startsWith('**/')) continue; // generic exclusions (source maps), checked above
      expect(candidates.some((file) => minimatch(file, glob, { dot: true })), pattern).toBe(true);
    }
    // The native SQLite module is the file asarUnpack exists for.
    const sqliteBinding = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
    expect(fs.existsSync(at(sqliteBinding)), sqliteBinding).toBe(true);
    expect(config.asar).toBe(true);
    expect(config.npmRebuild).toBe(true);
    expect(config.asarUnpack.some((p) => minimatch(sqliteBinding, p, { dot: true }))).toBe(true);
    expect(config.asarUnpack.some((p) => minimatch('node_modules/better-sqlite3/lib/index.js', p, { dot: true }))).toBe(false);
  });

  it('names icons and entitlements that exist, in the formats each platform takes', () => {
    expect(fs.readFileSync(at(config.win.icon)).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
    expect(fs.readFileSync(at(config.mac.icon)).subarray(0, 4).toString('latin1')).toBe('icns');
    const linuxIcons = fs.readdirSync(at(config.linux.icon));
    expect(linuxIcons).toContain('512x512.png');
    for (const name of linuxIcons) expect(name).toMatch(/^(\d+)x\1\.png$/);
    for (const file of [config.mac.entitlements, config.mac.entitlementsInherit]) {
      const plist = fs.readFileSync(at(file), 'utf8');
      // Hardened runtime: V8's JIT is all Electron needs; nothing else is granted.
      expect([...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1])).toEqual(['com.apple.security.cs.allow-jit']);
    }
  });
});

describe('installers and what people see', () => {
  it('builds NSIS (per user, never admin, keeps the data) and portable; dmg with hardened runtime; AppImage and deb', () => {
    expect(config.win.target).toEqual(['nsis', 'portable']);
    expect(config.nsis).toMatchObject({ oneClick: true, perMachine: false, allowElevation: false, deleteAppDataOnUninstall: false });
    expect(config.portable.requestExecutionLevel).toBe('user');
    expect(config.mac).toMatchObject({ target: 'dmg', hardenedRuntime: true });
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
  });

  it('shows the Chinese name, but gives every installer an ASCII file name, each distinct', () => {
    expect(config.productName).toBe('专家评审 Panel Review');
    const names = [config.artifactName, config.nsis.artifactName, config.portable.artifactName, config.dmg.artifactName, config.appImage.artifactName, config.deb.artifactName];
    for (const name of names) {
      expect(name).toMatch(/^[A-Za-z0-9._${}-]+$/);
      expect(name).not.toContain('productName');
    }
    expect(new Set(names).size).toBe(names.length);
  });

  it('keeps the data directory where the README says: the packaged package.json keeps productName "Panel Review"', () => {
    expect(pkg.productName).toBe(APP_DIR_NAME);
    expect(config.extraMetadata).toBeUndefined();
  });

  it('never updates itself or publishes anything', () => {
    expect(config.publish).toBeNull();
    const deps = Object.keys(pkg.dependencies);
    expect(deps.filter((name) => /updater|analytics|telemetry|sentry/i.test(name))).toEqual([]);
  });
});

describe('fuses (DESIGN.md, Security posture)', () => {
  const expected: Partial<Record<keyof typeof FuseV1Options, boolean>> = {
    RunAsNode: false,
    EnableNodeOptionsEnvironmentVariable: false,
    EnableNodeCliInspectArguments: false,
    GrantFileProtocolExtraPrivileges: false,
    EnableEmbeddedAsarIntegrityValidation: true,
    OnlyLoadAppFromAsar: true,
  };

  it('flips exactly these, as electron-builder turns the config into @electron/fuses options', async () => {
    // electron-builder's own conversion (run right before signing); cannot be run against
    // a real Electron binary here, so the fuse wire itself is not checked.
    const generate = (PlatformPackager.prototype as unknown as { generateFuseConfig(fuses: unknown): Promise<Record<string, unknown>> }).generateFuseConfig;
    const { version, resetAdHocDarwinSignature, ...wire } = await generate.call({}, config.electronFuses);
    expect(version).toBe('1');
    expect(resetAdHocDarwinSignature).toBeUndefined();
    const byName = Object.fromEntries(Object.entries(wire).map(([index, value]) => [FuseV1Options[Number(index)], value]));
    expect(byName).toEqual(expected);
  });
});
