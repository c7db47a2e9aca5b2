import type { BlobStore, StoredBlob } from './blobStore';

/** Enough to overlap one file's fsync and rename with another's copying and hashing. */
export const STORE_CONCURRENCY = 4;

export interface StoreFilesOptions {
  signal?: AbortSignal;
  /** Each blob as soon as it is stored (in completion order), so a caller can undo what was created. */
  onStored?: (index: number, blob: StoredBlob) => void;
  concurrency?: number;
}

/**
 * Copies many files into the blob store, a few at a time, and returns their blobs in
 * input order. On the first failure no new copy starts; copies under way finish (and
 * are reported through onStored) before the error is thrown.
 */
export async function storeFiles(
  blobs: BlobStore,
  files: readonly { file: string; name: string }[],
  { signal, onStored, concurrency = STORE_CONCURRENCY }: StoreFilesOptions = {},
): Promise<StoredBlob[]> {
  const results: StoredBlob[] = new Array<StoredBlob>(files.length);
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (!failed && next < files.length) {
      const index = next++;
      const source = files[index] as { file: string; name: string };
      try {
        const blob = await blobs.put(source.file, source.name, signal);
        results[index] = blob;
        onStored?.(index, blob);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const lanes = await Promise.allSettled(Array.from({ length: Math.min(concurrency, files.length) }, lane));
  const rejected = lanes.find((lane): lane is PromiseRejectedResult => lane.status === 'rejected');
  if (rejected !== undefined) throw rejected.reason;
  return results;
}
