import { e2eProject } from '../../vitest.shared.ts';

// The dashboard in a real headless Chromium (the system's, see packages/testkit/src/browser.ts),
// against the built server started as a process.
export default e2eProject('browser', { include: ['**/*.browser.test.ts'], testTimeout: 60_000 });
