import { mergeConfig } from 'vitest/config';
import { unitProject } from '../vitest.shared.ts';

// The bench's own helpers (bench/lib/*.test.ts): the log check on both stores, the /proc readings, the table.
export default mergeConfig(unitProject('bench', { postgres: true }), { test: { include: ['lib/**/*.test.ts'] } });
