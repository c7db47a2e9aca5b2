import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCore } from '../../electron/core/core';
import { ok } from '../../electron/core/expert/expertTestKit';
import { tempDirs } from '../../electron/core/panel/panelTestKit';
import { corpusFile } from '../helpers/corpus';
import { bundleChild, runAndKill } from './crashKit';

/**
 * An application package is stored whole or not at all, and never as a row without its
 * file, even when the process dies in the middle of copying, hashing and recording. A
 * child process (importCrashChild.ts, bundled here with vite and run with node) imports
 * packages of two real PDFs each (each PDF made distinct by a trailing comment, so every
 * import writes new blobs) on a real data directory; the test kills it with SIGKILL at
 * a random moment, 20 times — every other run without text extraction (which follows
 * the commit and otherwise takes most of an import's time), so that those kills land
 * among the copying, hashing and recording. After each kill: integrity_check ok, no
 * foreign-key violation, every document's blob on disk with the hash of its name, every
 * acknowledged package present with both documents, no application with fewer, nothing
 * else; and the next start sweeps any leftover temp file.
 */

const RUNS = 20;
const PACKAGES = 240;
const temp = tempDirs('panel-review-import-crash-');
afterAll(() => temp.cleanup());

let childScript: string;
let dataDir: string;
let roundId: string;
let packages: string[][];

beforeAll(async () => {
  childScript = await bundleChild('test/db/importCrashChild.ts', temp.make());

  // Packages of two PDFs, each distinct by a comment after %%EOF (readers ignore it). Both are
  // copies of a one-page prospectus (280 kB): its text is extracted in a moment, so the kills
  // spread over the copying, hashing and recording rather than mostly over the extraction.
  const files = temp.make();
  const prospectus = fs.readFileSync(corpusFile('cjk-cns1-prospectus.pdf'));
  const sources = [prospectus, prospectus];
  packages = Array.from({ length: PACKAGES }, (_, n) =>
    sources.map((bytes, k) => {
      const file = path.join(files, `申报材料${n}-${k}.pdf`);
      fs.writeFileSync(file, Buffer.concat([bytes, Buffer.from(`\n% package ${n} document ${k}\n`)]));
      return file;
    }),
  );

  dataDir = path.join(temp.make(), 'data');
  const core = createCore({ dataDir, pdfEngines: [] });
  roundId = (await ok<{ id: string }>(core.router.dispatch('round.create', { name: '2026年实施方案评审', kind: 'plan-review' }))).id;
  await core.close();
}, 120_000);

interface ChildRun {
  begun: number[];
  acked: Map<number, string>;
  stderr: string;
  signal: NodeJS.Signals | null;
}

async function runChild(start: number, killAfterMs: number, quickText: boolean): Promise<ChildRun> {
  const begun: number[] = [];
  const acked = new Map<number, string>();
  const run = await runAndKill(childScript, { dataDir, roundId, packages, start, quickText }, {
    killAfterMs,
    onLine: ([kind, n, id]) => {
      if (kind === 'B') begun.push(Number(n));
      else if (kind === 'A') acked.set(Number(n), id ?? '');
    },
  });
  return { begun, acked, ...run };
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const blobRoot = () => path.join(dataDir, 'blobs', 'sha256');
const tempFiles = () => (fs.existsSync(path.join(blobRoot(), 'tmp')) ? fs.readdirSync(path.join(blobRoot(), 'tmp')) : []);

interface Held {
  /** Applications by city ("城市<n>") with their documents' names. */
  byPackage: Map<number, string[]>;
  /** Blob files with no row (a kill after the rename, before the commit): tolerated, never referenced. */
  orphans: number;
}

/** What the file holds, with every check on the way. */
function stored(): Held {
  const db = new Database(path.join(dataDir, 'panel-review.sqlite'), { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // No row without its file, and the file is what its name says.
    const hashes = db.prepare('SELECT sha256 FROM blob').pluck().all() as string[];
    for (const hash of hashes) {
      const file = path.join(blobRoot(), hash.slice(0, 2), hash);
      expect(fs.existsSync(file), `blob ${hash}`).toBe(true);
      expect(sha256(fs.readFileSync(file)), `blob ${hash}`).toBe(hash);
    }
    const known = new Set(hashes);
    const onDisk = fs.readdirSync(blobRoot()).filter((dir) => dir !== 'tmp').flatMap((dir) => fs.readdirSync(path.join(blobRoot(), dir)));
    const orphans = onDisk.filter((name) => !known.has(name)).length;
    const rows = db.prepare('SELECT a.city, d.name FROM application a LEFT JOIN document d ON d.application_id = a.id ORDER BY a.city, d.position').all() as { city: string; name: string | null }[];
    const byPackage = new Map<number, string[]>();
    for (const row of rows) {
      const n = Number(row.city.replace('城市', ''));
      byPackage.set(n, [...(byPackage.get(n) ?? []), ...(row.name === null ? [] : [row.name])]);
    }
    return { byPackage, orphans };
  } finally {
    db.close();
  }
}

it(
  `stores each package whole or not at all across ${RUNS} kills with SIGKILL`,
  async () => {
    const acknowledged = new Set<number>();
    let next = 0;
    let runs = 0;
    let inFlightCommitted = 0;
    let inFlightLost = 0;
    let killsLeavingTemp = 0;
    let maxOrphans = 0;
    for (let run = 0; run < RUNS && next < PACKAGES; run += 1) {
      runs += 1;
      // The child loads pdf.js before it is ready. Then an import takes a few milliseconds to
      // store and record the package and a few hundred (on a loaded machine) to extract its
      // text, after the commit: every other run finds no text, so that its kill lands among
      // the copying, hashing and recording.
      const quickText = run % 2 === 1;
      const killAfterMs = quickText ? 20 + Math.random() * 180 : 50 + Math.random() * 1450;
      const child = await runChild(next, killAfterMs, quickText);
      const context = `run ${run} (kill after ${killAfterMs.toFixed(0)} ms${quickText ? ', no text' : ''}; ${child.acked.size} acknowledged)\n${child.stderr}`;
      if (child.signal !== 'SIGKILL') expect(child.stderr, context).toBe('');
      for (const n of child.acked.keys()) acknowledged.add(n);
      const pending = child.begun.filter((n) => !child.acked.has(n));
      expect(pending.length, context).toBeLessThanOrEqual(1);

      const { byPackage: held, orphans } = stored();
      maxOrphans = Math.max(maxOrphans, orphans);
      if (tempFiles().length > 0) killsLeavingTemp += 1;
      for (const [n, names] of held) {
        // Whole: both documents, under their own names.
        expect(names, `${context}: package ${n}`).toEqual([`申报材料${n}-0.pdf`, `申报材料${n}-1.pdf`]);
        expect(acknowledged.has(n) || n === pending[0], `${context}: package ${n} stored but never acknowledged nor in flight`).toBe(true);
      }
      for (const n of acknowledged) expect(held.has(n), `${context}: acknowledged package ${n} lost`).toBe(true);
      if (pending[0] !== undefined) {
        if (held.has(pending[0])) {
          inFlightCommitted += 1;
          acknowledged.add(pending[0]);
        } else inFlightLost += 1;
      }
      next = Math.max(next, ...acknowledged) + 1;
    }
    // A clean start sweeps what a kill left in the blob store's temp folder (a half-copied
    // file stands in if the last kill left none), and the store is still whole.
    if (tempFiles().length === 0) {
      fs.mkdirSync(path.join(blobRoot(), 'tmp'), { recursive: true });
      fs.writeFileSync(path.join(blobRoot(), 'tmp', 'half-copied.tmp'), fs.readFileSync(packages[0]?.[0] ?? '').subarray(0, 50_000));
    }
    const core = createCore({ dataDir, pdfEngines: [] });
    await core.close();
    expect(tempFiles()).toEqual([]);
    expect(stored().byPackage.size).toBe(acknowledged.size);
    console.log(
      `import crash: ${runs} kills, ${acknowledged.size} packages stored, in-flight import committed ${inFlightCommitted}× / not ${inFlightLost}×; ` +
        `${killsLeavingTemp} kill(s) left a temp file, at most ${maxOrphans} orphan blob file(s)`,
    );
    expect(runs, 'the packages ran out before the last kill').toBe(RUNS);
    expect(acknowledged.size).toBeGreaterThan(RUNS);
  },
  180_000,
);
