import { describe, expect, it } from 'vitest';
import { ApiError, apiErrorOf, authHeaders, createApiClient, errorMessageOf, unwrap } from './client.ts';

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

describe('the API client', () => {
  function recording(status: number, body: unknown) {
    const seen: Request[] = [];
    const fetcher = async (input: RequestInfo | URL, init?: RequestInit) => {
      seen.push(input instanceof Request ? input : new Request(input, init));
      return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    };
    return { seen, fetcher: fetcher as typeof fetch };
  }

  it('sends the session key as a bearer token on every call, and no header without one', async () => {
    let key: string | null = 'admin-key';
    const { seen, fetcher } = recording(200, { providerId: null, effective: null, source: null });
    const client = createApiClient({ key: () => key, onUnauthorized: () => undefined, baseUrl: 'http://router.test', fetch: fetcher });
    await client.GET('/v1/settings/active-provider');
    key = null;
    await client.GET('/v1/settings/active-provider');
    expect(seen.map((request) => request.headers.get('authorization'))).toEqual(['Bearer admin-key', null]);
    expect(seen[0].url).toBe('http://router.test/v1/settings/active-provider');
  });

  it('says JSON on every write, a body-less POST included (the management API refuses writes that do not)', async () => {
    const { seen, fetcher } = recording(200, {});
    const client = createApiClient({ key: () => null, onUnauthorized: () => undefined, baseUrl: 'http://router.test', fetch: fetcher });
    await client.POST('/v1/providers/{id}/disable', { params: { path: { id: 'x' } } });
    await client.PUT('/v1/settings/active-provider', { body: { providerId: 'x' } });
    await client.GET('/v1/providers');
    expect(seen.map((request) => [request.method, request.headers.get('content-type')])).toEqual([['POST', 'application/json'], ['PUT', 'application/json'], ['GET', null]]);
  });

  it('signs out on a 401 with the server\'s message', async () => {
    const messages: string[] = [];
    const { fetcher } = recording(401, { error: { message: 'Incorrect admin API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
    const client = createApiClient({ key: () => 'old-key', onUnauthorized: (message) => messages.push(message), baseUrl: 'http://router.test', fetch: fetcher });
    await expect(unwrap(client.GET('/v1/providers'))).rejects.toMatchObject({ status: 401, code: 'invalid_api_key' });
    expect(messages).toEqual(['Incorrect admin API key provided.']);
  });

  it('leaves other refusals to the page', async () => {
    const messages: string[] = [];
    const { fetcher } = recording(404, { error: { message: 'Provider "x" does not exist.', type: 'invalid_request_error', param: 'id', code: 'provider_not_found' } });
    const client = createApiClient({ key: () => null, onUnauthorized: (message) => messages.push(message), baseUrl: 'http://router.test', fetch: fetcher });
    await expect(unwrap(client.GET('/v1/providers/{id}', { params: { path: { id: 'x' } } }))).rejects.toMatchObject({ status: 404 });
    expect(messages).toEqual([]);
  });
});
