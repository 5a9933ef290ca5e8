import { e2ePostgresProject } from '../../vitest.shared.ts';

// The CLI's end-to-end files again, the CLI and the servers they start on a Postgres database each.
export default e2ePostgresProject('cli-postgres');
