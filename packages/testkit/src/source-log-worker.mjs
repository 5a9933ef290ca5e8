// The store's log worker run from its TypeScript sources, for unit tests that need no build
// (production starts dist/log-worker.js). tsx compiles the sources in this worker thread, and
// the workspace packages resolve to their sources through tsconfig.paths.json.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../../../tsconfig.paths.json', import.meta.url)) });
await import('../../store/src/log/log-worker.ts');
