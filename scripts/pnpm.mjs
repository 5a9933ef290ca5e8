// Runs the pinned pnpm with the given arguments (see lib/pnpm.mjs): `node scripts/pnpm.mjs -r run dev`.
import { runPnpm } from './lib/pnpm.mjs';

process.exit(runPnpm(process.argv.slice(2)));
