import type { Migration } from '../migrate';

/**
 * Application packages: an application (one city's submission) holds documents; a
 * document is a stored PDF (blob, by SHA-256, stored once however often imported)
 * under a name and kind. Page text lives in an FTS5 trigram index, one row per page
 * of a blob, so a hit opens the PDF at its page.
 */
export const documents: Migration = {
  version: 3,
  name: 'documents',
  up(db) {
    db.exec(`
      CREATE TABLE blob (
        sha256       TEXT PRIMARY KEY CHECK (length(sha256) = 64),
        bytes        INTEGER NOT NULL CHECK (bytes > 0),
        pages        INTEGER NOT NULL CHECK (pages > 0),
        pdf_version  TEXT,
        title        TEXT,
        author       TEXT,
        subject      TEXT,
        keywords     TEXT,
        creator      TEXT,
        producer     TEXT,
        pdf_created  TEXT,
        encryption   TEXT NOT NULL CHECK (encryption IN ('none', 'owner', 'user')),
        -- The open password of a 'user'-encrypted PDF, so the reader can open it.
        password     TEXT,
        text_status  TEXT NOT NULL DEFAULT 'pending' CHECK (text_status IN ('pending', 'done', 'failed')),
        text_pages   INTEGER NOT NULL DEFAULT 0,
        text_error   TEXT,
        stored_at    TEXT NOT NULL
      ) STRICT;

      CREATE TABLE application (
        id          TEXT PRIMARY KEY,
        round_id    TEXT NOT NULL REFERENCES round (id) ON DELETE CASCADE,
        city        TEXT,
        province    TEXT,
        applicant   TEXT,
        created_at  TEXT NOT NULL
      ) STRICT;
      CREATE INDEX application_round ON application (round_id);

      CREATE TABLE document (
        id              INTEGER PRIMARY KEY,
        application_id  TEXT NOT NULL REFERENCES application (id) ON DELETE CASCADE,
        sha256          TEXT NOT NULL REFERENCES blob (sha256),
        name            TEXT NOT NULL CHECK (length(name) > 0),
        kind            TEXT NOT NULL CHECK (kind IN ('plan', 'form', 'opinion', 'other')),
        position        INTEGER NOT NULL,
        UNIQUE (application_id, sha256)
      ) STRICT;
      CREATE INDEX document_sha256 ON document (sha256);

      CREATE VIRTUAL TABLE page_text USING fts5 (
        text,
        sha256 UNINDEXED,
        page UNINDEXED,
        tokenize = 'trigram'
      );
    `);
  },
};
