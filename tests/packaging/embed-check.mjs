import { createServer } from 'node:http';
import { createRouter, createStaticConfigSource, createFetchTransport } from '@router/core';
import { openStore } from '@router/store';
const upstream = createServer((request, response) => {
  let body = '';
  request.on('data', (c) => (body += c)).on('end', () => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ id: 'x', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: `echo ${JSON.parse(body).model}` }, finish_reason: 'stop' }] }));
  });
}).listen(0, '127.0.0.1', async () => {
  const router = createRouter({
    config: createStaticConfigSource({ providers: [{ id: 'up', type: 'openai-compatible', config: { baseURL: `http://127.0.0.1:${upstream.address().port}/v1` } }], activeProviderId: 'up' }),
    transport: createFetchTransport(),
  });
  const response = await router.handle(new Request('http://embedded/v1/chat/completions', { method: 'POST', body: JSON.stringify({ model: 'demo', messages: [{ role: 'user', content: 'hi' }] }) }));
  const json = await response.json();
  const store = await openStore({ url: ':memory:' });
  await store.providers.create({ id: 'p', type: 'openai-compatible', config: { baseURL: 'http://127.0.0.1:1/v1' } }, 'api');
  console.log(JSON.stringify({ status: response.status, content: json.choices[0].message.content, providers: (await store.providers.list()).length }));
  store.close();
  upstream.close();
});
