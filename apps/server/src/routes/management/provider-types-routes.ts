/**
 * `GET /v1/provider-types`: every provider type the router's adapter registry knows (the generic
 * OpenAI-compatible adapter, its named presets, LM Studio, Qwen, the Qwen proxy, Anthropic, and any
 * adapter an embedder registered), each with what a form needs to configure it: its description,
 * the JSON Schema of its configuration (the adapter's zod `configSchema`, input side: defaults
 * optional), the keys its schema marks secret, the required keys and the defaults.
 */
import { z } from 'zod';
import { secretKeysOfSchema, type AdapterRegistry, type ProviderAdapter } from '@router/core';
import type { ManagementContext, ServerApp } from './management-context.js';

/** A JSON Schema object. */
type JsonSchema = Record<string, unknown>;

/** One provider type as `GET /v1/provider-types` lists it. */
export interface ProviderTypeInfo {
  type: string;
  description: string;
  /** The configuration's JSON Schema (2020-12), or null when the adapter's schema is not a zod schema. */
  configSchema: JsonSchema | null;
  /** Keys whose values are secrets: masked on every read, kept when the mask is sent back. */
  secretKeys: string[];
  /** Keys a configuration must give (a type may require more under conditions, e.g. Anthropic's key for api.anthropic.com). */
  required: string[];
  /** The values used for keys left out. */
  defaults: Record<string, unknown>;
}

/** The schema of one listed type (the response schema in the OpenAPI document). */
export const providerTypeSchema = z.strictObject({
  type: z.string().meta({ description: 'The type name a provider is created with (`type`).' }),
  description: z.string(),
  configSchema: z.record(z.string(), z.unknown()).nullable()
    .meta({ description: 'The JSON Schema (2020-12) of the `config` object, as the adapter validates it (input side); secret fields carry `secret: true`. null when the adapter\'s schema cannot be described.' }),
  secretKeys: z.array(z.string()).meta({ description: 'Config keys whose values are secrets: masked on every read; a mask sent back keeps the stored value.' }),
  required: z.array(z.string()).meta({ description: 'Config keys that must be given.' }),
  defaults: z.record(z.string(), z.unknown()).meta({ description: 'The value each defaulted key takes when left out.' }),
});

/** The answer of `GET /v1/provider-types`. */
export const providerTypeListSchema = z.strictObject({ object: z.literal('list'), data: z.array(providerTypeSchema) });

const isRecord = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);

/** What a form needs to configure providers of one adapter's type. */
export function describeProviderType(adapter: ProviderAdapter<unknown>): ProviderTypeInfo {
  let configSchema: JsonSchema | null = null;
  try {
    const { $schema: _dialect, ...rest } = z.toJSONSchema(adapter.configSchema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }) as JsonSchema;
    configSchema = rest;
  } catch {
    // an embedder's adapter whose schema is not zod (only `safeParse`): no description, the rest still holds
  }
  const properties = isRecord(configSchema?.properties) ? configSchema.properties : {};
  const required = Array.isArray(configSchema?.required) ? configSchema.required.filter((key): key is string => typeof key === 'string') : [];
  const defaults: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(properties)) if (isRecord(property) && 'default' in property) defaults[key] = property.default;
  return { type: adapter.type, description: adapter.description, configSchema, secretKeys: [...secretKeysOfSchema(adapter.configSchema)], required, defaults };
}

/** Every registered type, in the registry's order. */
export function listProviderTypes(registry: AdapterRegistry): ProviderTypeInfo[] {
  return registry.types().map((type) => describeProviderType(registry.get(type).adapter));
}

/** Registers `GET /v1/provider-types`. */
export function registerProviderTypeRoutes(app: ServerApp, ctx: ManagementContext): void {
  // the registry is fixed when the router is built, so the answer is too
  let listed: ProviderTypeInfo[] | undefined;
  app.get('/v1/provider-types', (c) => c.json({ object: 'list', data: (listed ??= listProviderTypes(ctx.router.adapters)) }));
}
