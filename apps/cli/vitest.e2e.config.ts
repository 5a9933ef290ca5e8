import { e2eProject } from '../../vitest.shared.ts';

export default e2eProject('cli');
