// Summarises the `.cpuprofile` files that `node --cpu-prof` wrote: self time by function and
// by module (undici, node:http, web streams, Hono, the router's own packages, SQLite, GC).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Which part of the stack a script URL belongs to. */
export function moduleOf(url, functionName) {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const packageMatch = url.match(/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/);
  if (packageMatch) return packageMatch[1];
  if (url.includes('/packages/core/')) return '@router/core';
  if (url.includes('/packages/store/')) return '@router/store';
  if (url.includes('/apps/server/')) return '@router/server';
  if (url.startsWith('node:internal/deps/undici')) return 'node:undici (global fetch)';
  if (url.startsWith('node:internal/webstreams')) return 'node:webstreams';
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/').replace(/\.js$/, '');
  return url;
}

function shortUrl(url) {
  return url.replace(/^.*node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, '').replace(/^file:\/\/.*\/(packages|apps)\//, '$1/');
}

function summarizeOne(file) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfTime = new Map();
  let total = 0;
  for (let index = 0; index < profile.samples.length; index++) {
    const delta = profile.timeDeltas[index] ?? 0;
    total += delta;
    selfTime.set(profile.samples[index], (selfTime.get(profile.samples[index]) ?? 0) + delta);
  }
  const byFunction = new Map();
  const byModule = new Map();
  let idle = 0;
  for (const [id, time] of selfTime) {
    const { functionName, url, lineNumber } = nodes.get(id).callFrame;
    if (functionName === '(idle)') idle += time;
    const name = `${functionName || '(anonymous)'} ${url ? `${shortUrl(url)}:${lineNumber + 1}` : ''}`.trim();
    byFunction.set(name, (byFunction.get(name) ?? 0) + time);
    const module = moduleOf(url, functionName || '(anonymous)');
    byModule.set(module, (byModule.get(module) ?? 0) + time);
  }
  return { total, idle, byFunction, byModule };
}

/** A Markdown report for every profile in `dir` (the main thread and any worker threads). */
export function summarizeProfile(dir, top = 25) {
  const files = readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'));
  if (files.length === 0) return `No .cpuprofile in ${dir} (did the process exit cleanly?).\n`;
  let text = '';
  for (const name of files) {
    const { total, idle, byFunction, byModule } = summarizeOne(path.join(dir, name));
    const busy = total - idle;
    const percent = (time) => `${((100 * time) / busy).toFixed(1)}%`;
    text += `### ${name}: ${(busy / 1e6).toFixed(1)} s busy of ${(total / 1e6).toFixed(1)} s (percentages of busy time)\n\n`;
    text += '| self | module |\n|---:|---|\n';
    for (const [module, time] of [...byModule].filter(([module]) => module !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, 15)) text += `| ${percent(time)} | ${module} |\n`;
    text += '\n| self | function |\n|---:|---|\n';
    for (const [fn, time] of [...byFunction].filter(([fn]) => !fn.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, top)) text += `| ${percent(time)} | \`${fn}\` |\n`;
    text += '\n';
  }
  return text;
}

// `node bench/lib/cpu-profile.mjs <dir>` prints the report for profiles taken by hand.
if (import.meta.url === `file://${process.argv[1]}`) console.log(summarizeProfile(process.argv[2] ?? '.'));
