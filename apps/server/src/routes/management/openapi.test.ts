import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileErrors, validate } from '@readme/openapi-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { ROUTES, type RouteEntry } from '../route-table.js';
import { buildOpenApiDocument, openApiPath } from './openapi.js';
import { createTestApp, type TestApp } from './test-harness.js';

const ADMIN = 'admin-key-openapi-0123456789';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({ adminApiKey: ADMIN, remoteAddress: () => '127.0.0.1' });
});
afterEach(() => t.close());

const admin = { authorization: `Bearer ${ADMIN}` };
const ajv = new Ajv2020({ strict: false, allErrors: true });

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = any;

async function served(): Promise<Doc> {
  const response = await t.call('GET', '/v1/openapi.json');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return response.json;
}

/** The JSON Schema of an operation's request body in the document. */
function bodySchema(doc: Doc, method: string, path: string) {
  const schema = doc.paths[openApiPath(path)]?.[method.toLowerCase()]?.requestBody?.content?.['application/json']?.schema;
  expect(schema, `${method} ${path} has a body schema`).toBeDefined();
  return ajv.compile(schema);
}

describe('GET /v1/openapi.json', () => {
  it('serves, without the admin key, a document that is valid OpenAPI 3.1', async () => {
    const doc = await served();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.version).toBe('test');
    const result = await validate(structuredClone(doc));
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
    expect(result.warnings).toEqual([]);
    // it describes the API and holds no secret of this router
    expect(JSON.stringify(doc)).not.toContain(ADMIN);
  });

  it('documents every API route of the table with its method and path, and nothing that is not a route (the dashboard\'s web pages are not API)', async () => {
    const doc = await served();
    const documented = new Set<string>();
    for (const [path, item] of Object.entries<Record<string, unknown>>(doc.paths)) for (const method of Object.keys(item)) documented.add(`${method.toUpperCase()} ${path}`);
    const api = ROUTES.filter((route) => route.kind !== 'dashboard');
    for (const route of api) expect(documented.has(`${route.method} ${openApiPath(route.path)}`), `${route.method} ${route.path}`).toBe(true);
    for (const route of ROUTES.filter((row) => row.kind === 'dashboard')) expect(documented.has(`${route.method} ${openApiPath(route.path)}`), `${route.method} ${route.path}`).toBe(false);
    const fromTable = new Set(api.map((route) => `${route.method} ${openApiPath(route.path)}`));
    // the extras: what `GET /v1/providers/:id` and `GET /v1/requests/:id` serve for their reserved ids
    expect([...documented].filter((key) => !fromTable.has(key)).sort()).toEqual(['GET /v1/providers/health', 'GET /v1/requests/tail']);
    for (const route of ROUTES.filter((row) => row.kind === 'admin')) {
      const operation = doc.paths[openApiPath(route.path)][route.method.toLowerCase()];
      expect(operation.security, `${route.method} ${route.path}`).toEqual([{ adminKey: [] }]);
      expect(operation.responses.default, `${route.method} ${route.path}`).toEqual({ $ref: '#/components/responses/Error' });
      // every path parameter is declared
      for (const [, name] of route.path.matchAll(/:(\w+)/g)) expect(operation.parameters.some((p: any) => p.in === 'path' && p.name === name), `${route.path} :${name}`).toBe(true);
    }
    expect(doc.paths['/v1/openapi.json'].get.security).toEqual([]);
  });

  it('cannot be built for a table with an admin or public route it does not describe', () => {
    const extra: RouteEntry[] = [...ROUTES, { method: 'POST', path: '/v1/extra', kind: 'admin' }];
    expect(() => buildOpenApiDocument({ version: 't', routes: extra })).toThrow(/no operation for POST \/v1\/extra/);
    expect(() => buildOpenApiDocument({ version: 't', routes: [...ROUTES, { method: 'GET', path: '/status', kind: 'public' }] })).toThrow(/GET \/status/);
  });

  it('is public: it answers without the key and from any address, while the management routes refuse', async () => {
    const open = await createTestApp({ remoteAddress: () => '203.0.113.7' });
    try {
      expect((await open.call('GET', '/v1/openapi.json')).status).toBe(200);
      expect((await open.call('GET', '/v1/providers')).status).toBe(403);
    } finally {
      await open.close();
    }
    expect((await t.call('GET', '/v1/providers')).status).toBe(401);
  });
});

describe('the body schemas in the document', () => {
  /** Sends each body to the route and checks the document's schema agrees: accepted (2xx) or refused (400). */
  async function agree(doc: Doc, method: string, row: string, path: string, bodies: { body: unknown; ok: boolean }[]) {
    const check = bodySchema(doc, method, row);
    for (const { body, ok } of bodies) {
      const answer = await t.call(method, path, body, admin);
      const label = `${method} ${path} ${JSON.stringify(body)}`;
      expect(answer.status === 400 ? false : answer.status < 300 ? true : answer.status, `${label}: ${answer.text}`).toBe(ok);
      expect(check(body), `${label}: ${ajv.errorsText(check.errors)}`).toBe(ok);
    }
  }

  it('accept what the routes accept and refuse what they refuse', async () => {
    const doc = await served();
    await agree(doc, 'POST', '/v1/providers', '/v1/providers', [
      { body: { id: 'alpha', config: { baseURL: 'http://127.0.0.1:9/v1' } }, ok: true },
      { body: { id: 'beta', type: 'openai-compatible', name: 'Beta', enabled: false, priority: 3, defaultModel: 'qwen/qwen3-coder:free', config: { baseURL: 'http://127.0.0.1:10/v1' } }, ok: true },
      { body: {}, ok: false },
      { body: { id: 'has space' }, ok: false },
      { body: { id: 'a/b' }, ok: false },
      { body: { id: 'x'.repeat(65) }, ok: false },
      { body: { id: 'gamma', extra: 1 }, ok: false },
      { body: { id: 'gamma', priority: -1 }, ok: false },
      { body: { id: 'gamma', priority: 1.5 }, ok: false },
      { body: { id: 'gamma', enabled: 'yes' }, ok: false },
      { body: { id: 'gamma', config: { 'bad key!': 1 } }, ok: false },
      { body: { id: 'gamma', config: { prototype: 1 } }, ok: false },
      { body: { id: 'gamma', defaultModel: 'no spaces allowed' }, ok: false },
    ]);
    await agree(doc, 'PATCH', '/v1/providers/:id/config/:key', '/v1/providers/alpha/config/extraBody', [
      { body: { value: { nested: [1, 'two'] } }, ok: true },
      { body: { value: null }, ok: true },
      { body: {}, ok: false },
      { body: { value: 1, other: 2 }, ok: false },
    ]);
    expect((await t.call('POST', '/v1/models', { id: 'm1' }, admin)).status).toBe(201);
    await agree(doc, 'POST', '/v1/providers/:id/models', '/v1/providers/alpha/models', [
      { body: { modelId: 'm1', upstreamModel: 'org/upstream-m1', priority: 2 }, ok: true },
      { body: { modelId: 'bad id' }, ok: false },
      { body: { upstreamModel: 'x' }, ok: false },
      { body: { modelId: 'm1', priority: 'high' }, ok: false },
    ]);
    await agree(doc, 'PUT', '/v1/mappings/:model{.+}', '/v1/mappings/org/model-a', [
      { body: { targets: [{ providerId: 'alpha' }, { providerId: 'beta', model: 'm1', weight: 0.5, priority: 1 }] }, ok: true },
      { body: { targets: [] }, ok: false },
      { body: {}, ok: false },
      { body: { targets: [{ providerId: 'alpha', weight: 0 }] }, ok: false },
      { body: { targets: [{ providerId: 'alpha', bogus: true }] }, ok: false },
      { body: { targets: Array.from({ length: 33 }, () => ({ providerId: 'alpha' })) }, ok: false },
    ]);
    await agree(doc, 'PUT', '/v1/settings/active-provider', '/v1/settings/active-provider', [
      { body: { providerId: 'alpha' }, ok: true },
      { body: { providerId: null }, ok: true },
      { body: { providerId: 7 }, ok: false },
      { body: {}, ok: false },
    ]);
  });

  it('state the query parameters the routes parse', async () => {
    const doc = await served();
    const params = (path: string) => Object.fromEntries(doc.paths[path].get.parameters.filter((p: any) => p.in === 'query').map((p: any) => [p.name, p]));
    const requests = params('/v1/requests');
    expect(requests.limit.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 500, default: 50 });
    expect(requests.limit.required).toBe(false);
    expect(Object.keys(requests).sort()).toEqual(['endpoint', 'limit', 'model', 'offset', 'provider', 'requestId', 'since', 'status', 'until']);
    expect(params('/v1/providers').enabled.schema.enum.sort()).toEqual(['0', '1', 'false', 'true']);
    // the router's additions to the proxy's model list
    expect(params('/v1/models').pinned.schema.enum.sort()).toEqual(['false', 'true']);
    expect(params('/v1/models').capability.schema.pattern).toBeDefined();
    for (const [value, ok] of [['500', true], ['501', false], ['0', false]] as const) {
      expect((await t.call('GET', `/v1/requests?limit=${value}`, undefined, admin)).status === 200, value).toBe(ok);
      expect(ajv.validate(requests.limit.schema, Number(value)), value).toBe(ok);
    }
  });
});

describe('the error shape in the document', () => {
  it('is the shape the management routes answer with', async () => {
    const doc = await served();
    const check = ajv.compile(doc.components.schemas.Error);
    const answers = [
      await t.call('GET', '/v1/providers'), // 401
      await t.call('GET', '/v1/providers/nope', undefined, admin), // 404
      await t.call('POST', '/v1/providers', { id: 'a', extra: 1 }, admin), // 400
      await t.call('POST', '/v1/providers', '{', admin), // 400, not JSON
    ];
    expect(answers.map((answer) => answer.status)).toEqual([401, 404, 400, 400]);
    for (const answer of answers) expect(check(answer.json), `${answer.text}: ${ajv.errorsText(check.errors)}`).toBe(true);
  });
});
