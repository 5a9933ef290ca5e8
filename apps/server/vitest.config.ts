import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@router/server',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
