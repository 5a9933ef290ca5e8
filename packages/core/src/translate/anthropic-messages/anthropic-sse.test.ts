/** Anthropic's SSE framing and error shapes. */
import { describe, expect, it } from 'vitest';
import { InvalidRequestError, ModelNotFoundError, ProvidersUnavailableError, UpstreamTimeoutError } from '../../errors.js';
import { anthropicErrorEvent, anthropicErrorResponse, anthropicErrorType, anthropicPingBytes, encodeAnthropicSse, statusOfUpstreamError, toAnthropicError } from './anthropic-sse.js';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('Anthropic SSE framing', () => {
  it('names each event by its type, as Anthropic does', () => {
    expect(text(encodeAnthropicSse({ type: 'content_block_stop', index: 2 }))).toBe('event: content_block_stop\ndata: {"type":"content_block_stop","index":2}\n\n');
    expect(text(encodeAnthropicSse({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'a\nb' } }))).toBe('event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a\\nb"}}\n\n');
  });

  it('sends ping as its keep-alive', () => {
    expect(text(anthropicPingBytes())).toBe('event: ping\ndata: {"type":"ping"}\n\n');
  });

  it.each([
    [400, 'invalid_request_error'],
    [401, 'authentication_error'],
    [403, 'permission_error'],
    [404, 'not_found_error'],
    [413, 'request_too_large'],
    [422, 'invalid_request_error'],
    [429, 'rate_limit_error'],
    [500, 'api_error'],
    [502, 'api_error'],
    [504, 'timeout_error'],
    [529, 'overloaded_error'],
  ])('maps status %i to %s', (status, type) => {
    expect(anthropicErrorType(status)).toBe(type);
  });

  it('builds error bodies and stream error events in Anthropic\'s shape', () => {
    expect(anthropicErrorResponse(529, 'Overloaded')).toEqual({ status: 529, body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } });
    expect(anthropicErrorResponse(404, 'No such model', 'req_1').body).toEqual({ type: 'error', error: { type: 'not_found_error', message: 'No such model' }, request_id: 'req_1' });
    expect(text(encodeAnthropicSse(anthropicErrorEvent(429, 'Slow down')))).toBe('event: error\ndata: {"type":"error","error":{"type":"rate_limit_error","message":"Slow down"}}\n\n');
  });

  it.each([
    [{ message: 'x', code: 429 }, 429],
    [{ message: 'x', code: '401' }, 401],
    [{ message: 'x', code: 503 }, 529],
    [{ message: 'x', type: 'overloaded_error' }, 529],
    [{ message: 'x', code: 'rate_limit_exceeded' }, 429],
    [{ message: 'x', type: 'insufficient_quota' }, 429],
    [{ message: 'x', type: 'request_timeout' }, 504],
    [{ message: 'x', type: 'server_error', code: 'boom' }, 500],
    [{ message: 'x' }, 500],
  ])('reads the status of upstream error %j as %i', (error, status) => {
    expect(statusOfUpstreamError(error)).toBe(status);
  });

  it('turns the router\'s typed errors into Anthropic errors, 503 as 529 overloaded_error', () => {
    expect(toAnthropicError(new InvalidRequestError('max_tokens: Field required', 'max_tokens'), 'req_1')).toEqual({ status: 400, body: { type: 'error', error: { type: 'invalid_request_error', message: 'max_tokens: Field required' }, request_id: 'req_1' } });
    expect(toAnthropicError(new ModelNotFoundError('No provider serves "x"')).body.error.type).toBe('not_found_error');
    expect(toAnthropicError(new ProvidersUnavailableError(['a'], 7))).toMatchObject({ status: 529, body: { error: { type: 'overloaded_error' } }, retryAfter: 7 });
    expect(toAnthropicError(new UpstreamTimeoutError('slow'))).toMatchObject({ status: 504, body: { error: { type: 'timeout_error', message: 'slow' } } });
    expect(toAnthropicError(new Error('secret detail'))).toEqual({ status: 500, body: { type: 'error', error: { type: 'api_error', message: 'Internal router error' } } });
  });
});
