import { e2eProject } from '../../vitest.shared.ts';

// The CLI's own tests again, each command managing the real built server on the test's database
// (`--server`, `ROUTER_ADMIN_KEY`) instead of opening the database: same commands, same expected output.
export default e2eProject('cli-server', { include: ['src/**/*.test.ts'], env: { CLI_TEST_MODE: 'server' }, postgres: true });
