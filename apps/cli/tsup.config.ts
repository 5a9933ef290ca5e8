import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', bin: 'src/bin.ts' },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts' } },
  clean: true,
  sourcemap: true,
  target: 'node20',
  // The CLI is installed globally on its own (`npm install -g @router/cli`), so it carries
  // the workspace packages inside its bundle; their third-party dependencies are its own.
  noExternal: [/^@router\//],
});
