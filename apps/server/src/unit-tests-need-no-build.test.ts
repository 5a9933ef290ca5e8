// Unit tests run without a build (`pnpm test:unit`, or one file): a test that starts the built
// server or CLI would fail on a fresh checkout, or test stale code after an edit. The testkit's
// launchers refuse to run in the unit projects, so such a test has to be an end-to-end one.
import { runCliProcess, startServerProcess } from '@router/testkit';
import { expect, it } from 'vitest';

it('refuses to start the built server or CLI inside a unit test, saying what to do instead', () => {
  expect(() => startServerProcess({})).toThrow(/startServerProcess runs the built server, and unit tests run without a build: make this an end-to-end test/);
  expect(() => runCliProcess(['--help'])).toThrow(/runCliProcess runs the built CLI, and unit tests run without a build/);
});
