/**
 * The management API's OpenAPI 3.1 document, built from the route table and the zod schemas the
 * routes validate with (`z.toJSONSchema`, JSON Schema 2020-12 as OpenAPI 3.1 uses): a request body
 * or query string in the document is the very schema the route parses, so the two cannot drift.
 * Every admin and public row of the route table must have an operation here (building the document
 * throws otherwise); the proxy rows are listed with a pointer to the upstream API they speak.
 */
import { z } from 'zod';
import { TUNABLE_SETTINGS } from '@router/store';
import { ROUTES, type RouteEntry } from '../route-table.js';
import { modelListQuery } from './models-routes.js';
import { configKeySchema, MAX_BODY_BYTES, modelIdSchema, providerIdSchema } from './validation.js';
import { described, jsonSchemaOf, OPERATIONS, SERVED_BY, UPSTREAM, type JsonSchema, type OperationSpec } from './openapi-operations.js';

export { jsonSchemaOf, responseSchemaOf, type JsonSchema } from './openapi-operations.js';

/** The shape of every management error (OpenAI's): the schema of the document's `Error` component. */
export const errorBodySchema = z.strictObject({
  error: z.strictObject({
    message: z.string().meta({ description: 'What went wrong, for a person.' }),
    type: z.string().meta({ description: 'invalid_request_error, authentication_error, permission_error, not_found_error, api_error, …' }),
    param: z.string().nullable().meta({ description: 'The field, query parameter or path parameter at fault (`targets[0].providerId` style), or null.' }),
    code: z.string().nullable().meta({ description: 'A stable machine-readable code (`invalid_value`, `unknown_field`, `provider_not_found`, …), or null.' }),
  }),
});

/** A Hono path pattern as an OpenAPI path (`:id{.+}` → `{id}`). */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)(?:\{[^}]*\})?/g, '{$1}');
}

/** The schema and description of a path parameter, by the path it is in. */
function pathParameter(path: string, name: string): { schema: JsonSchema; description: string } {
  const slashes = /\{\.\+\}/.test(path.slice(path.indexOf(`:${name}`))) ? ' It may contain `/` (sent as is, not percent-encoded).' : '';
  if (name === 'key' && path.startsWith('/v1/settings/tuning/')) return { schema: { type: 'string', enum: Object.keys(TUNABLE_SETTINGS) }, description: 'A tunable setting.' };
  if (name === 'key') return { schema: jsonSchemaOf(configKeySchema), description: 'A configuration key.' };
  if (path.startsWith('/v1/requests/')) return { schema: { type: 'string', minLength: 1, maxLength: 128 }, description: `A request id (the \`x-request-id\` the answer carried): letters, digits and . _ : @ / + = -.${slashes}` };
  if (name === 'id' && path.startsWith('/v1/compare/')) return { schema: { type: 'string', pattern: '^cmp_[A-Za-z0-9-]{1,100}$' }, description: 'A comparison id (`cmp_…`).' };
  if (name === 'id' && path.startsWith('/v1/keys/')) return { schema: { type: 'string', minLength: 1, maxLength: 64 }, description: 'A client key\'s id (`key_…`) or name.' };
  if (name === 'id' && path.startsWith('/v1/providers/')) return { schema: jsonSchemaOf(providerIdSchema), description: 'A provider id.' };
  return { schema: jsonSchemaOf(modelIdSchema), description: `A model id.${slashes}` };
}

function queryParameters(query: z.ZodObject): JsonSchema[] {
  const schema = jsonSchemaOf(query) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return { name, in: 'query', required: schema.required?.includes(name) ?? false, ...(description ? { description } : {}), schema: rest };
  });
}

const errorResponse = (name: string) => ({ $ref: `#/components/responses/${name}` });

function adminOperation(method: string, path: string, spec: OperationSpec): JsonSchema {
  const names = [...path.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1]);
  const parameters = [
    ...names.map((name) => ({ name, in: 'path', required: true, ...pathParameter(path, name) })),
    ...(spec.query ? queryParameters(spec.query) : []),
  ];
  const writes = method === 'POST' || method === 'PUT' || method === 'PATCH';
  const responses: Record<string, unknown> = {
    [String(spec.ok.status ?? 200)]: { description: spec.ok.description, content: { [spec.ok.contentType ?? 'application/json']: { schema: spec.ok.schema ?? described(spec.ok.description) } } },
    '400': errorResponse('BadRequest'),
    '401': errorResponse('Unauthorized'),
    '403': errorResponse('Forbidden'),
    ...(names.length ? { '404': errorResponse('NotFound') } : {}),
    ...(writes ? { '413': errorResponse('PayloadTooLarge'), '415': errorResponse('UnsupportedMediaType') } : {}),
    default: errorResponse('Error'),
  };
  return {
    tags: [spec.tag],
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    operationId: operationId(method, path),
    ...(parameters.length ? { parameters } : {}),
    // an empty body counts as `{}`
    ...(spec.body ? { requestBody: { required: false, content: { 'application/json': { schema: jsonSchemaOf(spec.body) } } } } : {}),
    responses,
    security: [{ adminKey: [] }],
  };
}

function operationId(method: string, path: string): string {
  const words = openApiPath(path).replace(/[{}]/g, '').split(/[^A-Za-z0-9]+/).filter((word) => word && word !== 'v1');
  return [method.toLowerCase(), ...words.map((word) => word[0].toUpperCase() + word.slice(1))].join('');
}

/**
 * Builds the document for the given route table (default: the server's). Throws when an admin
 * or public row has no operation here, so a new route cannot be left out.
 */
export function buildOpenApiDocument(options: { version: string; routes?: readonly RouteEntry[] }): JsonSchema {
  const routes = options.routes ?? ROUTES;
  const paths: Record<string, Record<string, unknown>> = {};
  const add = (method: string, path: string, operation: unknown) => {
    (paths[openApiPath(path)] ??= {})[method.toLowerCase()] = operation;
  };
  const missing: string[] = [];
  for (const route of routes) {
    const key = `${route.method} ${route.path}`;
    // the dashboard's files are a web page, not an API
    if (route.kind === 'dashboard') continue;
    if (route.kind === 'proxy') {
      const upstream = UPSTREAM[key];
      add(route.method, route.path, {
        tags: ['proxy'],
        summary: upstream?.summary ?? 'Proxy route',
        description: 'Served by the routing engine in the upstream API\'s own format; see its documentation. Needs a client key (`Authorization: Bearer` or `x-api-key`) when ROUTER_API_KEYS is set.',
        operationId: operationId(route.method, route.path),
        ...(upstream ? { externalDocs: { url: upstream.url } } : {}),
        ...([...route.path.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)].length ? { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'A model id. It may contain `/`.' }] } : {}),
        // the router's own additions to the model list
        ...(key === 'GET /v1/models' ? { parameters: queryParameters(modelListQuery) } : {}),
        responses: { '200': { description: 'As the upstream API.' }, default: { description: 'An error in the shape the API\'s clients expect (OpenAI\'s, or Anthropic\'s on the Messages routes).' } },
        security: [{ clientKey: [] }, { clientKeyHeader: [] }, {}],
      });
      continue;
    }
    const spec = OPERATIONS[key];
    if (!spec) {
      missing.push(key);
      continue;
    }
    if (route.kind === 'public') {
      add(route.method, route.path, {
        tags: [spec.tag], summary: spec.summary, operationId: operationId(route.method, route.path),
        responses: { [String(spec.ok.status ?? 200)]: { description: spec.ok.description, content: { 'application/json': { schema: spec.ok.schema } } } },
        security: [],
      });
    } else add(route.method, route.path, adminOperation(route.method, route.path, spec));
  }
  for (const [shown, row] of Object.entries(SERVED_BY)) {
    const [method, path] = shown.split(' ');
    if (routes.some((route) => `${route.method} ${route.path}` === row)) add(method, path, adminOperation(method, path, OPERATIONS[shown]));
  }
  if (missing.length) throw new Error(`The OpenAPI document has no operation for ${missing.join(', ')}.`);

  const error = jsonSchemaOf(errorBodySchema);
  const errorResponseOf = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
  return {
    openapi: '3.1.0',
    info: {
      title: 'Router management API',
      version: options.version,
      description: [
        'Manage the router: providers, the model catalogue, routing settings and mappings, the request log, stats and history.',
        'Every answer carries `x-request-id`. Errors are `{"error":{"message","type","param","code"}}` with the matching status.',
        `Writes send \`Content-Type: application/json\`; bodies are limited to ${MAX_BODY_BYTES} bytes.`,
        'The proxy routes (chat, Messages, Responses, embeddings, completions, models) speak OpenAI\'s and Anthropic\'s APIs and are listed here with a link to them.',
      ].join('\n\n'),
      license: { name: 'MIT', identifier: 'MIT' },
    },
    tags: [
      { name: 'providers', description: 'Upstream providers: CRUD, configuration, checks.' },
      { name: 'models', description: 'The model catalogue and its links to providers.' },
      { name: 'settings', description: 'The active and default providers, and the tunable settings.' },
      { name: 'mappings', description: 'Model mappings: ordered targets per requested model name, and per-route options (stickiness, shadow traffic).' },
      { name: 'prices', description: 'Price overrides: what requests to a model cost, per million tokens.' },
      { name: 'logs', description: 'The request log, stats and the configuration history.' },
      { name: 'compare', description: 'Side-by-side comparisons of providers and models, kept in the request log.' },
      { name: 'keys', description: 'Client keys: who may call the proxy routes, with model and provider scopes, rate limits, budgets and expiry.' },
      { name: 'meta', description: 'Liveness and this document (no key needed).' },
      { name: 'proxy', description: 'The APIs clients call, in OpenAI\'s and Anthropic\'s formats.' },
    ],
    paths,
    components: {
      schemas: { Error: error },
      responses: {
        BadRequest: errorResponseOf('A bad path parameter, query parameter or body (not JSON, nested too deep, an unknown field, a bad value): `param` names the field.'),
        Unauthorized: errorResponseOf('ADMIN_API_KEY is set and the request has no `Authorization: Bearer` key or a wrong one.'),
        Forbidden: errorResponseOf('Without ADMIN_API_KEY: the client is not on a loopback address, or the Host is neither a loopback name nor in ALLOWED_HOSTS; always: a cross-origin browser request.'),
        NotFound: errorResponseOf('The provider, model, mapping, setting or request does not exist.'),
        PayloadTooLarge: errorResponseOf(`The body is larger than ${MAX_BODY_BYTES} bytes.`),
        UnsupportedMediaType: errorResponseOf('A write whose Content-Type is not JSON.'),
        Error: errorResponseOf('Any other error, in the same shape.'),
      },
      securitySchemes: {
        adminKey: {
          type: 'http', scheme: 'bearer',
          description: 'The admin key (ADMIN_API_KEY) as `Authorization: Bearer <key>`. When no admin key is set, the management API needs no key but answers only clients on a loopback address (127.0.0.0/8, ::1) whose Host is a loopback name or one of ALLOWED_HOSTS.',
        },
        clientKey: { type: 'http', scheme: 'bearer', description: 'A client key (one of ROUTER_API_KEYS), for the proxy routes; none is needed when ROUTER_API_KEYS is not set.' },
        clientKeyHeader: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'A client key as Anthropic clients send it.' },
      },
    },
  };
}
