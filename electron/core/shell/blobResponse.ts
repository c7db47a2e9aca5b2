import fs from 'node:fs';
import { SHA256_PATTERN } from '../blobs/blobStore';
import type { Core } from '../core';
import { createBlobIndex } from '../documents/blobIndex';
import { parseRange } from './byteRange';

/** Where the blob answer looks things up: the database's list of stored PDFs, and the files. */
export interface BlobSource {
  /** True when the database references this blob (`SELECT 1 FROM blob WHERE sha256 = ?`). */
  isKnown(sha256: string): boolean;
  /** The blob's file; only called with a valid digest. */
  pathOf(sha256: string): string;
}

export interface BlobRequest {
  /** The HTTP method, upper case. */
  method: string;
  /** What follows `/blob/` in the request path, exactly as received (not decoded). */
  sha256: string;
  range?: string | undefined;
  ifNoneMatch?: string | undefined;
  ifRange?: string | undefined;
}

export type BlobStatus = 200 | 206 | 304 | 400 | 404 | 405 | 416;

/**
 * What to answer. Bytes follow only when `file` is set: stream `file` from `start` to
 * `end` inclusive (exactly `Content-Length` bytes). Otherwise the body is `text` (errors)
 * or empty (HEAD, 304).
 */
export interface BlobResponse {
  status: BlobStatus;
  headers: Record<string, string>;
  file?: string;
  start?: number;
  end?: number;
  text?: string;
}

/** Content-addressed: the bytes behind a URL never change, so caches may keep them for good. */
const IMMUTABLE = 'private, max-age=31536000, immutable';

/**
 * Headers of every blob answer. The bytes are a PDF for pdf.js to read, never a document
 * a browser should render or sniff: `sandbox` keeps script from running even if one
 * were opened directly, and only this origin may load them.
 */
const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': 'sandbox',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
};

/** The web shell and the app:// protocol read the database and the blob store of this core. */
export function blobSourceOf(core: Pick<Core, 'store' | 'blobs'>): BlobSource {
  return { isKnown: createBlobIndex(core.store.db), pathOf: (sha256) => core.blobs.pathOf(sha256) };
}

/**
 * The answer to `GET|HEAD /blob/<sha256>`, the same in both shells (the renderer asks
 * for the relative URL `/blob/<sha256>` in each). Checks in order: method (405), the
 * digest's form (400), the database knows it (404), the file is there (404),
 * If-None-Match (304), then Range on GET only (206 or 416; If-Range with another
 * validator, several ranges or a malformed header give the whole file, 200).
 */
export async function blobResponse(source: BlobSource, request: BlobRequest): Promise<BlobResponse> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return failure(405, 'Method not allowed', { Allow: 'GET, HEAD' });
  }
  const sha256 = request.sha256;
  if (!SHA256_PATTERN.test(sha256)) return failure(400, 'Bad blob address');
  if (!source.isKnown(sha256)) return failure(404, 'Not found');
  const file = source.pathOf(sha256);
  let size: number;
  try {
    const stat = await fs.promises.stat(file);
    if (!stat.isFile()) return failure(404, 'Not found');
    size = stat.size;
  } catch {
    return failure(404, 'Not found');
  }

  const etag = `"${sha256}"`;
  const cacheable = { ...COMMON_HEADERS, 'Cache-Control': IMMUTABLE, ETag: etag };
  if (request.ifNoneMatch !== undefined && etagListMatches(request.ifNoneMatch, etag)) {
    return { status: 304, headers: cacheable };
  }

  const headers = {
    ...cacheable,
    'Accept-Ranges': 'bytes',
    'Content-Type': 'application/pdf',
    'Content-Disposition': 'inline',
  };
  // Range is defined for GET only (RFC 9110, 14.2); HEAD describes the whole representation.
  // If-Range must match strongly; a date never matches, as there is no Last-Modified.
  const rangeApplies = request.method === 'GET' && (request.ifRange === undefined || request.ifRange.trim() === etag);
  const range = rangeApplies ? parseRange(request.range, size) : null;
  if (range === 'unsatisfiable') {
    return failure(416, 'Range not satisfiable', { 'Accept-Ranges': 'bytes', 'Content-Range': `bytes */${size}` });
  }
  const body = (start: number, end: number) => (request.method === 'GET' && end >= start ? { file, start, end } : {});
  if (range === null) {
    return { status: 200, headers: { ...headers, 'Content-Length': String(size) }, ...body(0, size - 1) };
  }
  return {
    status: 206,
    headers: { ...headers, 'Content-Length': String(range.end - range.start + 1), 'Content-Range': `bytes ${range.start}-${range.end}/${size}` },
    ...body(range.start, range.end),
  };
}

/** If-None-Match: `*` or a list of entity tags, compared weakly (RFC 9110, 13.1.2). */
function etagListMatches(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => {
    const trimmed = tag.trim();
    return (trimmed.startsWith('W/') ? trimmed.slice(2) : trimmed) === etag;
  });
}

function failure(status: BlobStatus, text: string, extra: Record<string, string> = {}): BlobResponse {
  return {
    status,
    headers: { ...COMMON_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra },
    text,
  };
}
