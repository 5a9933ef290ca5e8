import { e2eProject } from '../vitest.shared.ts';

// Packs the public packages and installs the tarballs into empty folders.
export default e2eProject('packaging', { include: ['**/*.e2e.test.ts'], testTimeout: 240_000 });
