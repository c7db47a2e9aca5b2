import type { ExpertPackage } from '../../../shared/domain/expert';
import type { PanelPackageRecord } from './panelRepository';

/**
 * Whether an expert needs a new panel package: their latest package carried other
 * applications than they are assigned now. A package from before its contents were
 * recorded is stale when the audit log shows their assignments changed after it was
 * exported (`changedSince`); without such a record, nothing says it is.
 */
export function packageStatus(
  assigned: readonly string[],
  latest: PanelPackageRecord | undefined,
  changedSince: (exportedAt: string) => boolean,
): ExpertPackage | null {
  if (latest === undefined) return null;
  const carried = latest.applicationIds;
  const stale = carried === null ? changedSince(latest.exportedAt) : !sameSet(carried, assigned);
  return { packageId: latest.id, exportedAt: latest.exportedAt, fileName: latest.fileName, applicationIds: carried === null ? null : [...carried], stale };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((id) => right.has(id));
}

/** The latest package of each expert (packages come in export order). */
export function latestPackages(packages: readonly PanelPackageRecord[]): Map<string, PanelPackageRecord> {
  const latest = new Map<string, PanelPackageRecord>();
  for (const record of packages) latest.set(record.fingerprint, record);
  return latest;
}
