// Assembles README.md from the sections in docs/readme/ (00-intro first, then the named sections in reading order).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const order = ['00-intro', 'apis', 'dashboard', 'agents', 'cli', 'api', 'providers', 'local-servers', 'experiments', 'scorecard', 'reliability', 'several-routers', 'benchmark'];
const parts = order.map((name) => resolve(root, 'docs/readme', `${name}.md`)).filter((file) => existsSync(file));
writeFileSync(resolve(root, 'README.md'), parts.map((file) => readFileSync(file, 'utf8').trim()).join('\n\n') + '\n');
console.log(`README.md from ${parts.length} sections`);
