import { describe, expect, it } from 'vitest';
import { replayBody } from './replay.js';

describe('replay body', () => {
  it("asks the target's model, keeps everything else, and says whether it streams", () => {
    const body = JSON.stringify({ model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'hi' }], temperature: 0.2 });
    expect(replayBody({ id: 'r1', endpoint: '/v1/chat/completions', body }, { providerId: 'b', model: 'qwen3' })).toEqual({
      api: 'chat', stream: true, body: JSON.stringify({ model: 'qwen3', stream: true, messages: [{ role: 'user', content: 'hi' }], temperature: 0.2 }),
    });
    expect(replayBody({ id: 'r2', endpoint: '/v1/messages', body: '{"model":"claude","max_tokens":5,"messages":[]}' }, { providerId: 'b' })).toMatchObject({ api: 'messages', stream: false, body: '{"model":"claude","max_tokens":5,"messages":[]}' });
  });

  it('refuses a cut body and an endpoint the router answers itself (400s)', () => {
    expect(() => replayBody({ id: 'r3', endpoint: '/v1/chat/completions', body: '{"model":"gpt-4o","messa' }, { providerId: 'b' })).toThrow(expect.objectContaining({ status: 400, code: 'body_not_logged' }));
    expect(() => replayBody({ id: 'r4', endpoint: '/v1/messages/count_tokens', body: '{}' }, { providerId: 'b' })).toThrow(expect.objectContaining({ status: 400, code: 'not_replayable' }));
  });
});
