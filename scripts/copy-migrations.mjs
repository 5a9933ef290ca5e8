// Copies the top-level drizzle/ migrations into a package folder (default: packages/store/drizzle)
// so the published package carries them. Usage: node scripts/copy-migrations.mjs [target-dir]
import { cpSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const target = resolve(process.argv[2] ? resolve(process.cwd(), process.argv[2]) : resolve(root, 'packages/store/drizzle'));
rmSync(target, { recursive: true, force: true });
cpSync(resolve(root, 'drizzle'), target, { recursive: true });
