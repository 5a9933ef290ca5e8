// Micro-benchmark of the request log's pipeline, per row, for bench-like json and 20-chunk SSE
// records: pack (main thread) → unpack → toLogRow → insert (the worker's steps, run here in one
// thread so each can be timed). Uses the store's TypeScript source through tsx:
//   node_modules/.bin/tsx bench/log-pipeline.mjs [rows per kind, default 10000] [rounds, default 3]
// Prints µs per row for each step. Not part of `pnpm bench`; figures are indicative only.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requestBody } from './lib/request-body.mjs';
import { openStore } from '../packages/store/src/store.ts';
import { toLogRow } from '../packages/store/src/repositories/logs.ts';
import { packBatch, unpackBatch } from '../packages/store/src/log/log-batch.ts';
import { createLogRowInserter } from '../packages/store/src/log/insert-log-rows.ts';
import { openNativeLogRowInserter } from '../packages/store/src/log/native-log-row-inserter.ts';
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
  const stream = kind === 'sse';
  return {
    id: `bench-${kind}-${nextId++}`, startedAt: Date.now(), endpoint: '/v1/chat/completions', providerId: 'bench', model: 'gpt-4o-mini', upstreamModel: 'gpt-4o-mini',
    stream, status: 200, outcome: 'success', errorCode: null, errorMessage: null, durationMs: 1.234, ttfbMs: 0.5, requestBody: requestBody(stream),
    // Copies, as the transport hands the sink its own chunks.
    response: stream ? { kind: 'sse', chunks: frames.map((bytes) => new Uint8Array(bytes)) } : { kind: 'json', bytes: new Uint8Array(completion) },
    attempts: [{ providerId: 'bench', model: 'gpt-4o-mini', status: 200, outcome: 'ok', durationMs: 1.2 }],
  };
}

const now = () => process.hrtime.bigint();
const perRow = (nanoseconds, count) => Number(nanoseconds) / 1000 / count;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function measure(kind, insertPaths) {
  const batches = [];
  for (let done = 0; done < rows; done += batchSize) batches.push(Array.from({ length: Math.min(batchSize, rows - done) }, () => record(kind)));
  const redact = createTextRedactor({ secrets: ['sk-bench-secret-value'] });
  const times = { pack: 0n, unpack: 0n, toLogRow: 0n };
  const rowBatches = [];
  for (const batch of batches) {
    let start = now();
    const packed = packBatch(batch);
    times.pack += now() - start;
    start = now();
    const records = unpackBatch(packed);
    times.unpack += now() - start;
    start = now();
    rowBatches.push(records.map((one) => toLogRow(one, redact)));
    times.toLogRow += now() - start;
  }
  const result = { pack: perRow(times.pack, rows), unpack: perRow(times.unpack, rows), toLogRow: perRow(times.toLogRow, rows) };
  for (const [name, insertPath] of Object.entries(insertPaths)) result[name] = await insertPath(rowBatches);
  return result;
}

const folder = mkdtempSync(join(tmpdir(), 'router-log-pipeline-'));
const openInserters = [];
const insertPaths = {
  'insert (@libsql/client)': async (rowBatches) => {
    const store = await openStore({ url: `file:${join(folder, `client-${nextId}.db`)}` });
    openInserters.push(store);
    const insert = createLogRowInserter(store.client);
    const start = now();
    for (const batch of rowBatches) await insert(batch);
    return perRow(now() - start, rows);
  },
  // What the worker uses for a local file: one prepared insert, one transaction per batch.
  'insert (native)': async (rowBatches) => {
    const name = join(folder, `native-${nextId}.db`);
    openInserters.push(await openStore({ url: `file:${name}` }));
    const inserter = openNativeLogRowInserter(name);
    openInserters.push(inserter);
    const start = now();
    for (const batch of rowBatches) inserter.insert(batch);
    return perRow(now() - start, rows);
  },
};

try {
  // A warm-up pass of each kind first, so the JIT has settled; then the median of a few rounds,
  // since a shared machine's noise easily moves one round by a third.
  for (const kind of ['json', 'sse']) await measure(kind, {});
  const results = { json: [], sse: [] };
  for (let round = 0; round < rounds; round++) for (const kind of ['json', 'sse']) results[kind].push(await measure(kind, insertPaths));
  const table = {};
  for (const [kind, list] of Object.entries(results)) {
    table[kind] = Object.fromEntries(Object.keys(list[0]).map((step) => [step, median(list.map((one) => one[step])).toFixed(2)]));
  }
  console.log(`log pipeline, µs per row (${rows} rows per kind, batches of ${batchSize}, median of ${rounds} rounds):`);
  console.table(table);
} finally {
  for (const store of openInserters) store.close();
  rmSync(folder, { recursive: true, force: true });
}
