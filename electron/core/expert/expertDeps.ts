import type Database from 'better-sqlite3';
import type { BlobStore } from '../blobs/blobStore';
import type { ApplicationRepository } from '../documents/applicationRepository';
import type { PdfEngine } from '../documents/pdfEngine';
import type { IdentityService } from '../identity/identityService';
import type { RoundRepository } from '../rounds/roundRepository';
import type { RubricRepository } from '../scoring/rubricRepository';
import type { ReceivedPackageRepository } from './receivedPackageRepository';

/** What the expert's side of a round works with. */
export interface ExpertDeps {
  db: Database.Database;
  rounds: RoundRepository;
  applications: ApplicationRepository;
  received: ReceivedPackageRepository;
  /** The package's rubric becomes the round's, frozen. */
  rubrics: RubricRepository;
  blobs: BlobStore;
  /** Checks a PDF (pages, metadata, encryption) before its blob row is written. */
  pdf: () => PdfEngine;
  identity: IdentityService;
  /** The data directory's staging: on the blob store's disk, so documents are renamed in, not copied. */
  stagingRoot: string;
  now: () => Date;
}
