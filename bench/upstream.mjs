// A fast fake OpenAI-compatible upstream for the benchmark (plain node:http, one process).
//   POST /v1/chat/completions  → a fixed `chat.completion` body, or with `"stream": true` an SSE
//                                stream of CHUNKS chunks, a usage chunk and `data: [DONE]`
//   GET  /v1/models            → a two-model list
//   GET  /__bench/count        → {"chat": <chat requests received so far>}
// Env: PORT (required), CHUNKS (default 20). Prints `ready <port>` once listening.
// Every body is built once at start-up so the upstream costs as little CPU as possible.
import http from 'node:http';

const port = Number(process.env.PORT);
const chunkCount = Math.max(2, Number(process.env.CHUNKS ?? 20));
const model = 'gpt-4o-mini-2024-07-18';
const created = 1764000000;

const completion = Buffer.from(
  JSON.stringify({
    id: 'chatcmpl-bench000000000000000000000001',
    object: 'chat.completion',
    created,
    model,
    system_fingerprint: 'fp_bench00001',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content:
            'A fixed answer from the benchmark upstream, so that only the proxy in between is measured. ' +
            'It is about as long as a short real reply, with no model anywhere in the loop.',
          refusal: null,
        },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: { prompt_tokens: 24, completion_tokens: 40, total_tokens: 64, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } },
  }),
);

const chunk = (delta, finishReason = null) =>
  Buffer.from(
    `data: ${JSON.stringify({
      id: 'chatcmpl-bench000000000000000000000002',
      object: 'chat.completion.chunk',
      created,
      model,
      system_fingerprint: 'fp_bench00001',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    })}\n\n`,
  );
const frames = [chunk({ role: 'assistant', content: '', refusal: null })];
for (let index = 1; index < chunkCount - 1; index++) frames.push(chunk({ content: ` word${index}` }));
frames.push(chunk({}, 'stop'));
frames.push(
  Buffer.from(
    `data: ${JSON.stringify({
      id: 'chatcmpl-bench000000000000000000000002',
      object: 'chat.completion.chunk',
      created,
      model,
      system_fingerprint: 'fp_bench00001',
      choices: [],
      usage: { prompt_tokens: 24, completion_tokens: chunkCount - 2, total_tokens: 24 + chunkCount - 2 },
    })}\n\n`,
  ),
);
frames.push(Buffer.from('data: [DONE]\n\n'));

const models = Buffer.from(
  JSON.stringify({ object: 'list', data: ['gpt-4o-mini', 'gpt-4o'].map((id) => ({ id, object: 'model', created, owned_by: 'bench' })) }),
);
const wantsStream = /"stream"\s*:\s*true/;
let chatRequests = 0;

function sendJson(response, bytes) {
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': bytes.length });
  response.end(bytes);
}

// One socket write per frame, each on its own turn of the event loop, the way a real
// provider's tokens arrive; writing them all at once would let the proxy relay one blob.
function sendStream(response) {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  let index = 0;
  const next = () => {
    if (response.destroyed) return;
    response.write(frames[index++]);
    if (index === frames.length) response.end();
    else setImmediate(next);
  };
  next();
}

const server = http.createServer((request, response) => {
  if (request.method === 'POST' && request.url.startsWith('/v1/chat/completions')) {
    chatRequests++;
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (text) => (body += text));
    request.on('end', () => (wantsStream.test(body) ? sendStream(response) : sendJson(response, completion)));
    return;
  }
  request.resume();
  if (request.method === 'GET' && request.url.startsWith('/v1/models')) return sendJson(response, models);
  if (request.method === 'GET' && request.url === '/__bench/count') return sendJson(response, Buffer.from(JSON.stringify({ chat: chatRequests })));
  response.writeHead(404, { 'content-type': 'application/json' });
  response.end('{"error":{"message":"not found","type":"invalid_request_error","param":null,"code":"not_found"}}');
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => console.log(`ready ${port}`));
process.on('SIGTERM', () => process.exit(0));
