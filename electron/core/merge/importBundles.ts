import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { BundleImportOutput, BundleImportResult } from '../../../shared/domain/merge';
import type { Round } from '../../../shared/domain/round';
import type { AuditDetail } from '../../../shared/domain/audit';
import type { AuditLog } from '../audit/auditLog';
import { bundleMalformed } from '../bundles/bundleErrors';
import { MAX_BUNDLE_BYTES } from '../bundles/bundleFormat';
import { openScoreBundle, type OpenedScoreBundle } from '../bundles/openScoreBundle';
import { AgeIdentitySet } from '../crypto/age';
import { AppError, errorCodeOf, isAppError, messageOf } from '../errors';
import type { EventBus } from '../events';
import type { IdentityService } from '../identity/identityService';
import type { CommandContext } from '../router';
import type { RubricRepository } from '../scoring/rubricRepository';
import { judgeBundle, type Verdict } from './judgeBundle';
import type { MergeRepository } from './mergeRepository';
import { indexRubric, type RubricIndex } from './mergeRules';

export interface MergeDeps {
  db: Database.Database;
  rubrics: RubricRepository;
  merge: MergeRepository;
  identity: IdentityService;
  audit: AuditLog;
  events: EventBus;
  now: () => Date;
}

/**
 * `bundle.import`: each file is opened with the secretary's age key (prepared once for
 * the batch), judged by the merge rules and merged all or nothing in one IMMEDIATE
 * transaction, together with its audit entry; a file that cannot be opened gets its
 * audit entry alone. One file's refusal never stops the others. A cancel stops before
 * the next file: bundles merged so far stay merged, each being whole.
 */
export async function importBundles(deps: MergeDeps, round: Round, files: readonly string[], context: CommandContext): Promise<BundleImportOutput> {
  const me = deps.identity.requireUnlocked();
  const identities = await AgeIdentitySet.prepare([me.ageIdentity]);
  const rubricOf = rubricCache(deps.rubrics, round);
  const results: BundleImportResult[] = [];
  context.progress('merge', 0, files.length);
  for (const [index, filePath] of files.entries()) {
    context.throwIfCancelled();
    results.push(await importOne(deps, round, filePath, identities, rubricOf));
    context.progress('merge', index + 1, files.length);
  }
  if (results.some((result) => result.status === 'accepted')) {
    // The experts' return status and the round's results both read the merged rows.
    deps.events.emit({ type: 'changed', entity: 'experts' });
    deps.events.emit({ type: 'changed', entity: 'results' });
  }
  return { results };
}

async function importOne(deps: MergeDeps, round: Round, filePath: string, identities: AgeIdentitySet, rubricOf: (version: number | null) => RubricIndex): Promise<BundleImportResult> {
  const file = path.basename(filePath);
  let bytes: Uint8Array | undefined;
  let opened: OpenedScoreBundle;
  try {
    bytes = readBundle(filePath, file);
    opened = await openScoreBundle({ bytes, identities, file });
  } catch (error) {
    const sha256 = bytes === undefined ? undefined : createHash('sha256').update(bytes).digest('hex');
    return recordRejection(deps, round, file, asAppError(error, file), { sha256 });
  }
  const known = { sha256: opened.sha256, fingerprint: opened.signerFingerprint, revision: opened.payload.revision };
  try {
    return deps.db
      .transaction(() => {
        const verdict = judgeBundle({ round, file, opened, merge: deps.merge, rubricOf });
        if (verdict.status === 'accepted') {
          deps.merge.storeBundle(
            {
              roundId: round.id,
              fingerprint: opened.signerFingerprint,
              revision: opened.payload.revision,
              sha256: opened.sha256,
              packageId: opened.payload.packageId,
              fileName: file,
              exportedAt: opened.payload.exportedAt,
              receivedAt: deps.now().toISOString(),
              payload: opened.payloadBytes,
              signature: opened.signature,
            },
            opened.payload.applications,
          );
        }
        const result = resultOf(file, verdict, known, opened.payload.applications.length);
        deps.audit.append({ roundId: round.id, action: 'bundle.import', detail: auditDetail(result, opened) });
        return result;
      })
      .immediate();
  } catch (error) {
    // A write the database refused (e.g. another process merged a newer revision of this
    // expert meanwhile): the transaction rolled back, so record the refusal on its own.
    return recordRejection(deps, round, file, asAppError(error, file), known);
  }
}

interface Known {
  sha256?: string | undefined;
  fingerprint?: string;
  revision?: number;
}

function resultOf(file: string, verdict: Verdict, known: Known, applications: number): BundleImportResult {
  const base = { file, ...defined(known) };
  switch (verdict.status) {
    case 'accepted':
      return { ...base, status: 'accepted', expertName: verdict.expertName, applications };
    case 'unchanged':
      return { ...base, status: 'unchanged', expertName: verdict.expertName, unchanged: verdict.unchanged, mergedRevision: verdict.mergedRevision, reason: verdict.reason };
    case 'rejected':
      return rejected(file, verdict.error, known);
  }
}

function rejected(file: string, error: AppError, known: Known): BundleImportResult {
  return { file, ...defined(known), status: 'rejected', code: error.code, reason: error.message, details: { ...error.details, file } };
}

/** A refusal changes nothing but the audit log: its entry is the only write. */
function recordRejection(deps: MergeDeps, round: Round, file: string, error: AppError, known: Known): BundleImportResult {
  const result = rejected(file, error, known);
  deps.db.transaction(() => deps.audit.append({ roundId: round.id, action: 'bundle.import', detail: auditDetail(result) }))();
  return result;
}

function auditDetail(result: BundleImportResult, opened?: OpenedScoreBundle): AuditDetail {
  const detail: AuditDetail = {
    file: result.file,
    sha256: result.sha256 ?? null,
    fingerprint: result.fingerprint ?? null,
    revision: result.revision ?? null,
    status: result.status,
    code: result.code ?? null,
    unchanged: result.unchanged ?? null,
  };
  if (result.status === 'accepted' && opened !== undefined) {
    detail.packageId = opened.payload.packageId;
    detail.applicationIds = opened.payload.applications.map((review) => review.applicationId);
  }
  return detail;
}

/** Refuses an oversized file by its size, before reading it into memory. */
function readBundle(filePath: string, file: string): Uint8Array {
  let size: number;
  try {
    size = fs.statSync(filePath).size;
  } catch (error) {
    throw unreadable(file, error);
  }
  if (size > MAX_BUNDLE_BYTES) throw bundleMalformed(file, 'too-large', `the file is ${size} bytes, above the limit of ${MAX_BUNDLE_BYTES}`);
  try {
    return fs.readFileSync(filePath);
  } catch (error) {
    throw unreadable(file, error);
  }
}

function unreadable(file: string, error: unknown): AppError {
  return new AppError('FILE_UNREADABLE', `cannot read ${file}: ${messageOf(error)}`, { file, reason: errorCodeOf(error) ?? messageOf(error) });
}

/** Anything else thrown while opening is a bug; the batch goes on and the file is refused as INTERNAL. */
function asAppError(error: unknown, file: string): AppError {
  if (isAppError(error)) return error;
  console.error(`bundle.import of ${file} failed unexpectedly`, error);
  return new AppError('INTERNAL', `${file}: ${messageOf(error)}`, { file, detail: messageOf(error) });
}

/** Each rubric version a package carried, parsed and indexed once per import. */
function rubricCache(rubrics: RubricRepository, round: Round): (version: number | null) => RubricIndex {
  const cache = new Map<number | null, RubricIndex>();
  return (version) => {
    let index = cache.get(version);
    if (index === undefined) {
      // Packages from before rubrics were versioned carried the round's rubric of the time: the current one is the best record.
      const stored = version === null ? undefined : rubrics.version(round.id, version);
      index = indexRubric((stored ?? rubrics.current(round.id, round.kind)).rubric);
      cache.set(version, index);
    }
    return index;
  };
}

function defined(known: Known): { sha256?: string; fingerprint?: string; revision?: number } {
  return {
    ...(known.sha256 === undefined ? {} : { sha256: known.sha256 }),
    ...(known.fingerprint === undefined ? {} : { fingerprint: known.fingerprint }),
    ...(known.revision === undefined ? {} : { revision: known.revision }),
  };
}
