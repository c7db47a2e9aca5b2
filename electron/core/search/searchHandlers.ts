import type Database from 'better-sqlite3';
import type { Commands } from '../../../shared/contract/commands';
import { AppError } from '../errors';
import type { Handlers } from '../router';
import type { RoundRepository } from '../rounds/roundRepository';
import { planSearch } from './searchPlan';
import { searchPages } from './searchRepository';

export function searchHandlers(db: Database.Database, rounds: RoundRepository): Pick<Handlers<Commands>, 'search.query'> {
  return {
    'search.query': ({ roundId, query, limit }) => {
      if (rounds.get(roundId) === undefined) throw new AppError('NOT_FOUND', `no round ${roundId}`, { what: roundId });
      const plan = planSearch(query);
      if (plan.terms.length === 0) return { hits: [] };
      return { hits: searchPages(db, roundId, plan, limit) };
    },
  };
}
