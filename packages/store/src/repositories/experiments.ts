/** Reads for experiments on real traffic: per-arm stats of routes and the shadow/replay pair report. */
import type { Database } from '../open-store.js';
import type { LogFilter } from './logs.js';
import { pairReport, type PairQuery } from './shadow-report.js';
import { targetStats } from './target-stats.js';

/** Creates the experiments repository. */
export function createExperimentsRepository(db: Database) {
  return {
    /** Per-arm stats (route × provider × upstream model) of live traffic. */
    targetStats: (filter: LogFilter = {}) => targetStats(db, filter),
    /** Live requests side by side with their shadow or replay rows, with agreement and a summary. */
    pairs: (query: PairQuery = {}) => pairReport(db, query),
  };
}

/** The experiments repository. */
export type ExperimentsRepository = ReturnType<typeof createExperimentsRepository>;
