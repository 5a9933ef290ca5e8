import { defineConfig } from 'vitest/config';
import projects from './vitest.workspace.ts';

// `vitest run` runs every project; `--project 'unit:*'` or `--project 'e2e:*'` selects a kind.
export default defineConfig({
  test: {
    projects,
  },
});
