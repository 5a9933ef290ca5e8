// The engine alone: CPU per chat completion of `@router/core` (and per log row of
// `@router/store`'s `toLogRow`), with an in-process fake transport: no sockets, no HTTP server,
// no worker. Far less noisy than `run.mjs` on a shared machine, so it can tell a few µs apart;
// it says nothing about the server, undici or the log worker's SQLite.
//
//   node bench/engine.mjs [--baseline <checkout with a build>] [--rounds 5] [--requests 40000]
//
// Each figure is one child process (warm-up, then a measured pass); builds alternate per round,
// and the medians are printed.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: options } = parseArgs({
  options: { baseline: { type: 'string' }, rounds: { type: 'string', default: '5' }, requests: { type: 'string', default: '40000' } },
});
const builds = [['this build', path.resolve(here, '..')]];
if (options.baseline) builds.push(['baseline', path.resolve(options.baseline)]);
const requests = Number(options.requests);
const figures = [
  ['engine, non-streaming', 'engine', 'json', requests],
  ['engine, 22-event stream', 'engine', 'sse', requests / 2],
  ['toLogRow, non-streaming', 'log', 'json', requests * 2],
  ['toLogRow, stream', 'log', 'sse', requests / 2],
];
const samples = new Map();
for (let round = 1; round <= Number(options.rounds); round++) {
  for (const [name, root] of round % 2 ? builds : [...builds].reverse()) {
    for (const [figure, what, mode, count] of figures) {
      const output = execFileSync(process.execPath, [path.join(here, 'engine/measure.mjs'), root, what, mode, String(count)], { encoding: 'utf8' });
      const key = `${figure}\u0000${name}`;
      samples.set(key, [...(samples.get(key) ?? []), Number(output.trim())]);
    }
  }
  process.stderr.write(`round ${round} done\n`);
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(`| CPU µs per request (median of ${options.rounds}) | ${builds.map(([name]) => name).join(' | ')} |`);
console.log(`|---|${builds.map(() => '---:').join('|')}|`);
for (const [figure] of figures) console.log(`| ${figure} | ${builds.map(([name]) => median(samples.get(`${figure}\u0000${name}`)).toFixed(2)).join(' | ')} |`);
