import type Database from 'better-sqlite3';
import type { Commands } from '../../../shared/contract/commands';
import type { Handlers } from '../router';
import { requireRound, type RoundRepository } from '../rounds/roundRepository';
import { planSearch } from './searchPlan';
import { searchPages } from './searchRepository';

export function searchHandlers(db: Database.Database, rounds: RoundRepository): Pick<Handlers<Commands>, 'search.query'> {
  return {
    'search.query': ({ roundId, query, limit }) => {
      requireRound(rounds, roundId);
      const plan = planSearch(query);
      if (plan.terms.length === 0) return { hits: [] };
      return { hits: searchPages(db, roundId, plan, limit) };
    },
  };
}
