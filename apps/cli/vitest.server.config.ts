import { e2eProject } from '../../vitest.shared.ts';

// The CLI's own tests again, each command managing the real built server on the test's database
// (`--server`, `ROUTER_ADMIN_KEY`) instead of opening the database: same commands, same expected output.
// The replay test is end-to-end in both modes (its traffic goes through the built server, which logs it).
export default e2eProject('cli-server', { include: ['src/**/*.test.ts', 'test/replay.e2e.test.ts'], env: { CLI_TEST_MODE: 'server' }, postgres: true });
