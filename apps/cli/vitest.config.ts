import { unitProject } from '../../vitest.shared.ts';

export default unitProject('cli', { postgres: true });
