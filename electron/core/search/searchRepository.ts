import type Database from 'better-sqlite3';
import type { SearchHit } from '../../../shared/domain/application';
import { makeSnippet, type SearchPlan } from './searchPlan';

interface HitRow {
  applicationId: string;
  sha256: string;
  page: number;
  text: string;
  documentName: string;
  city: string | null;
}

/**
 * Full-text search over a round's pages. With a long term the trigram index narrows
 * the pages first; short terms then filter by LIKE. With only short terms it is a
 * scan of the round's pages (milliseconds for thousands of pages).
 *
 * The scan reads the page texts from FTS5's own content table (page_text_content: id,
 * c0 = text, c1 = sha256, c2 = page; SQLite's documented shadow table of an FTS5 table
 * that stores its content), not through the virtual table, and compares Chinese terms
 * as bytes (instr on BLOBs): a term found nowhere, the worst case, scans 9,420 pages in
 * ~27 ms instead of ~39 ms. Comparing UTF-8 bytes finds exactly the character matches,
 * as no character's encoding starts inside another's.
 */
export function searchPages(db: Database.Database, roundId: string, plan: SearchPlan, limit: number): SearchHit[] {
  const indexed = plan.match !== null;
  const table = indexed ? 'page_text p' : 'page_text_content p';
  const text = indexed ? 'p.text' : 'p.c0';
  const sha256 = indexed ? 'p.sha256' : 'p.c1';
  const page = indexed ? 'p.page' : 'p.c2';
  // The scan must drive the join in stored order, so that LIMIT stops it at the first
  // matches: CROSS JOIN fixes SQLite's join order (it would otherwise start from the
  // round's documents and scan every page once per document, then sort).
  const join = indexed ? 'JOIN' : 'CROSS JOIN';
  const params: (string | number)[] = [roundId];
  const conditions = ['a.round_id = ?'];
  if (plan.match !== null) {
    conditions.push('page_text MATCH ?');
    params.push(plan.match);
  }
  for (const like of plan.likes) {
    conditions.push(`${text} LIKE ? ESCAPE '\\'`);
    params.push(like);
  }
  for (const substring of plan.substrings) {
    conditions.push(indexed ? 'instr(p.text, ?) > 0' : 'instr(CAST(p.c0 AS BLOB), CAST(? AS BLOB)) > 0');
    params.push(substring);
  }
  params.push(limit);
  // Indexed terms: best matches first. A scan (short terms only) goes in stored order, so
  // LIMIT ends it at the first matches instead of sorting every page that matched.
  const order = indexed ? 'ORDER BY rank' : 'ORDER BY p.id';
  const rows = db
    .prepare<(string | number)[], HitRow>(
      `SELECT d.application_id AS applicationId, ${sha256} AS sha256, ${page} AS page, ${text} AS text,
              d.name AS documentName, a.city AS city
       FROM ${table}
       ${join} document d ON d.sha256 = ${sha256}
       ${join} application a ON a.id = d.application_id
       WHERE ${conditions.join(' AND ')}
       ${order}
       LIMIT ?`,
    )
    .all(...params);
  return rows.map(({ text: pageText, ...row }) => ({ ...row, ...makeSnippet(pageText, plan.terms) }));
}
