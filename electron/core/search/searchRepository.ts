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
 * LIKE scan of the round's pages (milliseconds for thousands of pages).
 */
export function searchPages(db: Database.Database, roundId: string, plan: SearchPlan, limit: number): SearchHit[] {
  const params: (string | number)[] = [roundId];
  const conditions = ['a.round_id = ?'];
  if (plan.match !== null) {
    conditions.push('page_text MATCH ?');
    params.push(plan.match);
  }
  for (const like of plan.likes) {
    conditions.push(`p.text LIKE ? ESCAPE '\\'`);
    params.push(like);
  }
  for (const substring of plan.substrings) {
    conditions.push('instr(p.text, ?) > 0');
    params.push(substring);
  }
  params.push(limit);
  // Indexed terms: best matches first. A scan (short terms only) goes in stored order, so
  // LIMIT ends it at the first matches instead of sorting every page that matched.
  const order = plan.match !== null ? 'ORDER BY rank' : 'ORDER BY p.rowid';
  const rows = db
    .prepare<(string | number)[], HitRow>(
      `SELECT d.application_id AS applicationId, p.sha256 AS sha256, p.page AS page, p.text AS text,
              d.name AS documentName, a.city AS city
       FROM page_text p
       JOIN document d ON d.sha256 = p.sha256
       JOIN application a ON a.id = d.application_id
       WHERE ${conditions.join(' AND ')}
       ${order}
       LIMIT ?`,
    )
    .all(...params);
  return rows.map(({ text, ...row }) => ({ ...row, ...makeSnippet(text, plan.terms) }));
}
