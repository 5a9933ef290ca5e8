import { availableParallelism } from 'node:os';
import { defineProject } from 'vitest/config';
import { sourceAliases } from '../../vitest.shared.ts';

// The dashboard's data logic (chart series, tail filters, formatting) as pure functions, in Node;
// and the check that the API types match the server's OpenAPI document (built from its sources).
export default defineProject({
  resolve: { alias: sourceAliases },
  test: {
    name: 'unit:dashboard',
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 10_000,
    isolate: false,
    maxWorkers: availableParallelism(),
    sequence: { groupOrder: 0 },
  },
});
