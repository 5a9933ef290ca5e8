import { defineConfig } from 'tsup';

export default defineConfig({
  // The log worker is its own entry: the writer starts it from dist/log-worker.js.
  entry: { index: 'src/index.ts', 'log-worker': 'src/log/log-worker.ts' },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts' } },
  clean: true,
  sourcemap: true,
  target: 'node20',
});
