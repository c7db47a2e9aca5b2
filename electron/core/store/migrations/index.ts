import type { Migration } from '../migrate';
import { rounds } from './001-rounds';
import { settings } from './002-settings';
import { documents } from './003-documents';
import { panel } from './004-panel';
import { expertRounds } from './005-expert-rounds';
import { pageSnapshot } from './006-page-snapshot';
import { scoring } from './007-scoring';
import { audit } from './008-audit';
import { conflicts } from './009-conflicts';
import { merge } from './010-merge';
import { results } from './011-results';
import { bundleSignature } from './012-bundle-signature';
import { exportReviewsHash } from './013-export-reviews-hash';

/** Every schema change, in order. Append only: a released migration is never edited. */
export const migrations: readonly Migration[] = [rounds, settings, documents, panel, expertRounds, pageSnapshot, scoring, audit, conflicts, merge, results, bundleSignature, exportReviewsHash];
