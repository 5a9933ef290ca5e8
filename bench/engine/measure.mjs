// One figure for bench/engine.mjs: `node measure.mjs <checkout> <engine|log> <json|sse> <count>`
// prints CPU µs per request (engine: a chat completion through createRouter with a fake
// transport, 64 at a time; log: toLogRow of the records those produced).
const [root, what, mode, countText] = process.argv.slice(2);
const count = Number(countText);
const core = await import(`${root}/packages/core/dist/index.js`);
const config = core.createStaticConfigSource({
  providers: [{ id: 'p', type: 'openai-compatible', config: { baseURL: 'http://127.0.0.1:9/v1', apiKey: 'sk-bench-upstream-0000000000' } }],
  activeProviderId: 'p',
});
const json = Buffer.from(JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'Hello there, this is a fixed completion.' }, finish_reason: 'stop' }], usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 } }));
const events = [];
for (let index = 0; index < 20; index++) events.push(Buffer.from(`data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: 'word ' }, finish_reason: null }] })}\n\n`));
events.push(Buffer.from(`data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [], usage: { prompt_tokens: 5, completion_tokens: 20, total_tokens: 25 } })}\n\n`));
events.push(Buffer.from('data: [DONE]\n\n'));
const body = (chunks) => ({
  [Symbol.asyncIterator]() {
    let index = 0;
    return {
      next: () => Promise.resolve(index < chunks.length ? { done: false, value: chunks[index++] } : { done: true, value: undefined }),
      return: () => Promise.resolve({ done: true, value: undefined }),
    };
  },
});
const transport = async () =>
  mode === 'sse'
    ? { status: 200, headers: { 'content-type': 'text/event-stream', 'x-upstream': 'a' }, body: body(events) }
    : { status: 200, headers: { 'content-type': 'application/json', 'x-upstream': 'a' }, body: body([json]) };
const records = [];
const router = core.createRouter({ config, transport, logSink: { write: (record) => (what === 'log' && records.length < 1000 ? records.push(record) : 0) } });
const request = JSON.stringify({ model: 'gpt-4o-mini', stream: mode === 'sse', messages: [{ role: 'user', content: 'Say hello in a few words please.' }] });

async function chat(total) {
  let started = 0;
  const lane = async () => {
    while (started++ < total) {
      const result = await router.chatCompletion({ body: request });
      if (result.status !== 200) throw new Error(`status ${result.status}: ${new TextDecoder().decode(result.body)}`);
      if (!(result.body instanceof Uint8Array)) for await (const _chunk of result.body);
    }
  };
  await Promise.all(Array.from({ length: 64 }, lane));
}

let measure;
if (what === 'engine') {
  measure = () => chat(count);
  await chat(Math.min(20_000, count / 2));
} else {
  const store = await import(`${root}/packages/store/dist/index.js`);
  await chat(1000);
  await new Promise((resolve) => setTimeout(resolve, 20));
  const redact = store.createTextRedactor({ secrets: ['sk-bench-upstream-0000000000'] });
  // as the worker receives them: a stream's chunks as one
  const rows = records.map((record) => (record.response.kind === 'sse' ? { ...record, response: { kind: 'sse', chunks: [Buffer.concat(record.response.chunks)] } } : record));
  let kept = 0;
  measure = () => {
    for (let index = 0; index < count; index++) kept += store.toLogRow(rows[index % rows.length], redact, {}).status;
  };
  measure();
  if (kept === 0) throw new Error('no rows');
}
const before = process.cpuUsage();
await measure();
const used = process.cpuUsage(before);
console.log(((used.user + used.system) / count).toFixed(2));
process.exit(0);
