import { describe, expect, it } from 'vitest';
import { ApiError, apiErrorOf, authHeaders, errorMessageOf, unwrap } from './client.ts';

describe('API errors', () => {
  it('read the OpenAI error shape', () => {
    const body = { error: { message: 'Provider "x" does not exist.', type: 'not_found_error', code: 'provider_not_found', param: 'providerId' } };
    const error = apiErrorOf(body, 404);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404, message: 'Provider "x" does not exist.', code: 'provider_not_found', param: 'providerId' });
  });

  it('fall back to the status when the body is not an error body', () => {
    expect(errorMessageOf(null, 502)).toBe('The router answered 502 (server error).');
    expect(errorMessageOf('<html>', 404)).toBe('The router answered 404.');
  });

  it('unwrap throws on an error answer and returns the data otherwise', async () => {
    const ok = await unwrap(Promise.resolve({ data: { a: 1 }, response: new Response('{}', { status: 200 }) }));
    expect(ok).toEqual({ a: 1 });
    await expect(unwrap(Promise.resolve({ error: { error: { message: 'nope' } }, response: new Response('{}', { status: 400 }) }))).rejects.toMatchObject({ status: 400, message: 'nope' });
  });

  it('send the key only when there is one', () => {
    expect(authHeaders(null)).toEqual({});
    expect(authHeaders('k')).toEqual({ authorization: 'Bearer k' });
  });
});
