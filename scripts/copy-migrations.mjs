// Copies the top-level drizzle/ migrations into packages/store/drizzle so the published package carries them.
import { cpSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const target = resolve(root, 'packages/store/drizzle');
rmSync(target, { recursive: true, force: true });
cpSync(resolve(root, 'drizzle'), target, { recursive: true });
