import type Database from 'better-sqlite3';
import type { Round } from '../../../shared/domain/round';
import { AppError } from '../errors';

/** SQL for the round table; handlers never write SQL themselves. */
export function createRoundRepository(db: Database.Database) {
  const insert = db.prepare<[Round]>(
    `INSERT INTO round (id, name, kind, role, created_at) VALUES (@id, @name, @kind, @role, @createdAt)`,
  );
  const selectAll = db.prepare<[], Round>(
    `SELECT id, name, kind, role, created_at AS createdAt FROM round ORDER BY created_at DESC, id`,
  );
  const selectById = db.prepare<[string], Round>(
    `SELECT id, name, kind, role, created_at AS createdAt FROM round WHERE id = ?`,
  );
  const selectByName = db.prepare<[string, string], Round>(
    `SELECT id, name, kind, role, created_at AS createdAt FROM round WHERE name = ? AND role = ?`,
  );
  return {
    insert: (round: Round) => void insert.run(round),
    list: (): Round[] => selectAll.all(),
    get: (id: string): Round | undefined => selectById.get(id),
    findByName: (name: string, role: Round['role']): Round | undefined => selectByName.get(name, role),
  };
}

export type RoundRepository = ReturnType<typeof createRoundRepository>;

/** The round, or the NOT_FOUND every command naming a round answers when there is none. */
export function requireRound(rounds: RoundRepository, roundId: string): Round {
  const round = rounds.get(roundId);
  if (round === undefined) throw new AppError('NOT_FOUND', `no round ${roundId}`, { what: roundId });
  return round;
}

/**
 * A round this data directory runs as secretary. Experts, assignments, packages, bundles
 * and results belong to those, never to a round it reviews in.
 */
export function requireSecretaryRound(rounds: RoundRepository, roundId: string): Round {
  const round = requireRound(rounds, roundId);
  if (round.role !== 'secretary') throw new AppError('ROUND_NOT_SECRETARY', `round ${roundId} is an expert round`, { roundId, name: round.name });
  return round;
}
