/**
 * The management calls the Providers, Routing, Compare and Settings pages make, through the typed
 * client (`api.GET('/v1/providers')`, …) with the answers as the shapes these pages read (the
 * OpenAPI document leaves most answer objects open, so they are named here once).
 */
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../auth/auth.tsx';
import { unwrap, type ApiClient } from '../../api/client.ts';
import { queryKeys } from '../../api/queries.ts';
import type { ProviderType } from './config-form.ts';

/** A provider as the API shows it (secrets masked). */
export interface Provider {
  id: string;
  name: string;
  type: string;
  enabled: boolean;
  priority: number;
  defaultModel: string | null;
  capabilities: Record<string, unknown> | null;
  config: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

/** One provider's health (`GET /v1/providers/health`). */
export interface ProviderHealth {
  id: string;
  status: 'up' | 'down' | 'unknown';
  latencyMs: number | null;
  models: number | null;
  error?: string;
  /** The provider's circuit breaker: `closed`, `open` (skipped), `half_open` (probing). */
  circuit?: { state: string; failures: number; retryInMs: number };
}

/** The active or default provider setting. */
export interface ProviderSetting {
  providerId: string | null;
  effective: string | null;
  source: 'database' | 'env' | null;
}

/** `GET /v1/settings`. */
export interface Settings {
  activeProvider: ProviderSetting;
  defaultProvider: ProviderSetting;
  values: Record<string, unknown>;
}

/** A provider's model links and the models it reported (`GET /v1/providers/:id/models`). */
export interface ProviderModels {
  providerId: string;
  defaultModel: string | null;
  reported: string[] | null;
  data: { modelId: string; upstreamModel: string | null; priority: number; name: string | null; displayName: string | null; capabilities: string[] | null }[];
}

/** Query keys of these pages (the shared ones come from `queryKeys`). */
export const pageKeys = {
  providers: queryKeys.providers,
  providersHealth: queryKeys.providersHealth,
  provider: (id: string) => ['providers', 'one', id] as const,
  providerModels: (id: string) => ['providers', 'models', id] as const,
  providerTypes: ['provider-types'] as const,
  settings: queryKeys.settings,
  mappings: ['mappings'] as const,
  tuning: ['settings', 'tuning'] as const,
  compares: ['compare'] as const,
  compare: (id: string) => ['compare', id] as const,
  history: (filters: Record<string, string>) => ['history', filters] as const,
};

/** The `data` of a list answer. */
const listOf = <T>(answer: unknown): T[] => ((answer as { data?: T[] } | undefined)?.data ?? []);

export const fetchProvider = async (api: ApiClient, id: string) => (await unwrap(api.GET('/v1/providers/{id}', { params: { path: { id } } }))) as unknown as Provider;
export const fetchProviderTypes = async (api: ApiClient) => listOf<ProviderType>(await unwrap(api.GET('/v1/provider-types')));
export const fetchSettings = async (api: ApiClient) => (await unwrap(api.GET('/v1/settings'))) as unknown as Settings;
export const fetchProviderModels = async (api: ApiClient, id: string) => (await unwrap(api.GET('/v1/providers/{id}/models', { params: { path: { id } } }))) as unknown as ProviderModels;

// The shared keys hold the API's answers as they come (other pages read them too); each page
// takes what it needs with `select`.

/** Every provider. */
export function useProviders() {
  const api = useApi();
  return useQuery({ queryKey: pageKeys.providers, queryFn: () => unwrap(api.GET('/v1/providers')), select: (answer) => listOf<Provider>(answer) });
}

/** Every provider type the router knows (fixed while it runs). */
export function useProviderTypes() {
  const api = useApi();
  return useQuery({ queryKey: pageKeys.providerTypes, queryFn: () => fetchProviderTypes(api), staleTime: Infinity });
}

/** The settings (active and default provider, stored values). */
export function useSettings() {
  const api = useApi();
  return useQuery({ queryKey: pageKeys.settings, queryFn: () => fetchSettings(api) });
}

/** The health of every enabled provider (each one's models endpoint, checked by the router). */
export function useProvidersHealth() {
  const api = useApi();
  return useQuery({
    queryKey: pageKeys.providersHealth,
    queryFn: () => unwrap(api.GET('/v1/providers/health', {})),
    select: (answer) => ((answer as unknown as { providers?: ProviderHealth[] }).providers ?? []),
    refetchInterval: 60_000,
  });
}
