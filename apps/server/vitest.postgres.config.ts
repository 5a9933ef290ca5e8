import { e2ePostgresProject } from '../../vitest.shared.ts';

// The server's end-to-end files again, each on its own Postgres database (several-routers runs
// only on Postgres already, on a cluster of its own it restarts: it is not run twice).
export default e2ePostgresProject('server-postgres', { exclude: ['test/several-routers.e2e.test.ts'] });
