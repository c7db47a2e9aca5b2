import type { Migration } from '../migrate';

/**
 * A picture of each stored PDF's first page (electron/core/pdf/renderSnapshot.ts), drawn
 * by pdf.js when the PDF is indexed, so the reader shows the page the moment it is
 * opened, and whether the PDF has bookmarks. One row per blob: the picture, or, when it could not be drawn, the reason
 * (then it is not tried again, and the reader simply waits for pdf.js).
 */
export const pageSnapshot: Migration = {
  version: 6,
  name: 'page-snapshot',
  up(db) {
    db.exec(`
      CREATE TABLE page_snapshot (
        sha256     TEXT PRIMARY KEY REFERENCES blob (sha256) ON DELETE CASCADE,
        page       INTEGER NOT NULL CHECK (page > 0),
        width_pt   REAL CHECK (width_pt > 0),
        height_pt  REAL CHECK (height_pt > 0),
        mime       TEXT CHECK (mime IN ('image/webp')),
        image      BLOB,
        -- Whether the PDF has bookmarks (the reader lays out their panel from the start).
        outline    INTEGER CHECK (outline IN (0, 1)),
        error      TEXT,
        CHECK ((image IS NOT NULL AND width_pt IS NOT NULL AND height_pt IS NOT NULL AND mime IS NOT NULL AND outline IS NOT NULL AND error IS NULL)
            OR (image IS NULL AND error IS NOT NULL))
      ) STRICT;
    `);
  },
};
