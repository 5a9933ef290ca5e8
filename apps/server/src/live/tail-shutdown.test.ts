import { expect, it } from 'vitest';
import { EventSourceParserStream } from 'eventsource-parser/stream';
import { parseEnv } from '../env.js';
import { createLogger } from '../logger.js';
import { startServer } from '../start-server.js';

it('counts tails in /health, and ends them with an `end` event at shutdown, without holding the drain', async () => {
  // a long grace period: were the tail counted as a request in flight, close() would wait for it
  const running = await startServer(parseEnv({ DATABASE_URL: ':memory:', HOST: '127.0.0.1', PORT: '0', SHUTDOWN_GRACE_MS: '600000' }), { logger: createLogger('silent') });
  const response = await fetch(`${running.url}/v1/requests/tail`);
  expect(response.status).toBe(200);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader();
  expect((await reader.read()).value?.event).toBe('ready');
  expect(running.tail.viewers()).toBe(1);
  // /health counts the viewers (and those dropped for reading too slowly)
  const health = (await (await fetch(`${running.url}/health`)).json()) as { tail?: unknown };
  expect(health.tail).toEqual({ viewers: 1, dropped: 0 });
  const closed = running.close();
  const end = (await reader.read()).value;
  expect(end?.event).toBe('end');
  expect(JSON.parse(end!.data)).toMatchObject({ reason: 'server_shutting_down' });
  expect((await reader.read()).done).toBe(true);
  await closed;
  expect(running.tail.viewers()).toBe(0);
});
