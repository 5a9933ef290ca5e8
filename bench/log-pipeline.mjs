// Micro-benchmark of the request log's pipeline, per row, for bench-like json and 20-chunk SSE
// records (SSE assembled at write time, the default, and stored raw with `rawStreams`):
// pack (main thread) → unpack → toLogRow → insert, the worker's steps run here in one thread so
// each can be timed. Uses the store's TypeScript source (and core's build) through tsx:
//   node_modules/.bin/tsx bench/log-pipeline.mjs [rows per kind, default 10000] [rounds, default 3]
// Prints CPU µs per row for each step and the worker's total (unpack + toLogRow + native insert).
// Not part of `pnpm bench`; figures are indicative only.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requestBody } from './lib/request-body.mjs';
import { openStore } from '../packages/store/src/store.ts';
import { toLogRow } from '../packages/store/src/repositories/logs.ts';
import { packBatch, unpackBatch } from '../packages/store/src/log/log-batch.ts';
import { createLogRowInserter } from '../packages/store/src/sqlite/insert-log-rows.ts';
import { openNativeLogRowInserter } from '../packages/store/src/sqlite/native-log-row-inserter.ts';
import { createTextRedactor } from '../packages/store/src/log/redaction.ts';

const rows = Number(process.argv[2] ?? 10_000);
const rounds = Number(process.argv[3] ?? 3);
const batchSize = 256;
const created = 1764000000;
const model = 'gpt-4o-mini-2024-07-18';

// The same bodies as bench/upstream.mjs (20 chunks: role, 18 words, stop; then usage and [DONE]).
const completion = Buffer.from(
  JSON.stringify({
    id: 'chatcmpl-bench000000000000000000000001', object: 'chat.completion', created, model, system_fingerprint: 'fp_bench00001',
    choices: [{
      index: 0,
      message: {
        role: 'assistant',
        content: 'A fixed answer from the benchmark upstream, so that only the proxy in between is measured. It is about as long as a short real reply, with no model anywhere in the loop.',
        refusal: null,
      },
      logprobs: null, finish_reason: 'stop',
    }],
    usage: { prompt_tokens: 24, completion_tokens: 40, total_tokens: 64, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } },
  }),
);
const chunkCount = 20;
const frame = (body) => Buffer.from(`data: ${JSON.stringify({ id: 'chatcmpl-bench000000000000000000000002', object: 'chat.completion.chunk', created, model, system_fingerprint: 'fp_bench00001', ...body })}\n\n`);
const chunk = (delta, finishReason = null) => frame({ choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] });
const frames = [chunk({ role: 'assistant', content: '', refusal: null })];
for (let index = 1; index < chunkCount - 1; index++) frames.push(chunk({ content: ` word${index}` }));
frames.push(chunk({}, 'stop'));
frames.push(frame({ choices: [], usage: { prompt_tokens: 24, completion_tokens: chunkCount - 2, total_tokens: 24 + chunkCount - 2 } }));
frames.push(Buffer.from('data: [DONE]\n\n'));

let nextId = 0;
function record(kind) {
  const stream = kind !== 'json';
  return {
    id: `bench-${kind}-${nextId++}`, clientRequestId: null, startedAt: Date.now(), endpoint: '/v1/chat/completions', providerId: 'bench', model: 'gpt-4o-mini', upstreamModel: 'gpt-4o-mini',
    stream, status: 200, outcome: 'success', errorCode: null, errorMessage: null, durationMs: 1.234, ttfbMs: 0.5, requestBody: requestBody(stream),
    // Copies, as the transport hands the sink its own chunks.
    response: stream ? { kind: 'sse', chunks: frames.map((bytes) => new Uint8Array(bytes)) } : { kind: 'json', bytes: new Uint8Array(completion) },
    attempts: [{ providerId: 'bench', model: 'gpt-4o-mini', status: 200, outcome: 'ok', durationMs: 1.2 }],
  };
}

// CPU time (this process, GC threads included), not wall time: the worker's waits on the disk
// take nothing from the router's core, its CPU does; and CPU time is steadier on a busy machine.
const now = () => {
  const used = process.cpuUsage();
  return used.user + used.system;
};
const perRow = (microseconds, count) => microseconds / count;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Runs `rows` records of one kind through the steps, batch by batch as the worker does (nothing kept between batches). */
async function measure(kind, inserters) {
  const redact = createTextRedactor({ secrets: ['sk-bench-secret-value'] });
  // `sse raw`: the store's rawStreams option (the stream stored as sent, assembled on read).
  const options = { rawStreams: kind === 'sse raw' };
  const opened = await Promise.all(Object.entries(inserters).map(async ([name, open]) => [name, await open()]));
  const times = { pack: 0, unpack: 0, toLogRow: 0, ...Object.fromEntries(opened.map(([name]) => [name, 0])) };
  try {
    for (let done = 0; done < rows; done += batchSize) {
      const batch = Array.from({ length: Math.min(batchSize, rows - done) }, () => record(kind));
      let start = now();
      const packed = packBatch(batch);
      times.pack += now() - start;
      start = now();
      const records = unpackBatch(packed);
      times.unpack += now() - start;
      start = now();
      const logRows = records.map((one) => toLogRow(one, redact, options));
      times.toLogRow += now() - start;
      for (const [name, inserter] of opened) {
        start = now();
        await inserter.insert(logRows);
        times[name] += now() - start;
      }
    }
  } finally {
    for (const [, inserter] of opened) inserter.close();
  }
  const result = Object.fromEntries(Object.entries(times).map(([step, total]) => [step, perRow(total, rows)]));
  if ('insert (native)' in result) result['worker total (native)'] = result.unpack + result.toLogRow + result['insert (native)'];
  return result;
}

const folder = mkdtempSync(join(tmpdir(), 'router-log-pipeline-'));
let databases = 0;
/** A fresh migrated database file for each measured run. */
async function freshDatabase() {
  const path = join(folder, `log-${databases++}.db`);
  const store = await openStore({ url: `file:${path}` });
  return { path, store };
}
const inserters = {
  // The fallback for remote databases: multi-row statements through @libsql/client.
  'insert (@libsql/client)': async () => {
    const { store } = await freshDatabase();
    return { insert: createLogRowInserter(store.client), close: () => store.close() };
  },
  // What the worker uses for a local file: one prepared insert, one transaction per batch.
  'insert (native)': async () => {
    const { path, store } = await freshDatabase();
    const inserter = openNativeLogRowInserter(path);
    return {
      insert: (logRows) => inserter.insert(logRows),
      close: () => {
        inserter.close();
        store.close();
      },
    };
  },
};

try {
  // A warm-up pass of each kind first, so the JIT has settled; then the median of a few rounds,
  // since a shared machine's noise easily moves one round by a third.
  const kinds = ['json', 'sse', 'sse raw'];
  for (const kind of kinds) await measure(kind, {});
  const results = Object.fromEntries(kinds.map((kind) => [kind, []]));
  for (let round = 0; round < rounds; round++) for (const kind of kinds) results[kind].push(await measure(kind, inserters));
  const table = {};
  for (const [kind, list] of Object.entries(results)) {
    table[kind] = Object.fromEntries(Object.keys(list[0]).map((step) => [step, median(list.map((one) => one[step])).toFixed(2)]));
  }
  console.log(`log pipeline, CPU µs per row (${rows} rows per kind, batches of ${batchSize}, median of ${rounds} rounds):`);
  console.table(table);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
