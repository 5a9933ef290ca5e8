/** Queries more than one page reads, with their keys (invalidate these keys after a write). */
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../auth/auth.tsx';
import { unwrap } from './client.ts';

/** Query keys shared across pages. */
export const queryKeys = {
  health: ['health'] as const,
  activeProvider: ['settings', 'active-provider'] as const,
  settings: ['settings'] as const,
  providers: ['providers'] as const,
  providersHealth: ['providers', 'health'] as const,
};

/** `GET /health`: the router's version, uptime and log counters. */
export function useHealth() {
  const api = useApi();
  return useQuery({ queryKey: queryKeys.health, queryFn: () => unwrap(api.GET('/health')), refetchInterval: 30_000 });
}

/** `GET /v1/settings/active-provider`: the active provider as stored, and as in effect. */
export function useActiveProvider() {
  const api = useApi();
  return useQuery({ queryKey: queryKeys.activeProvider, queryFn: () => unwrap(api.GET('/v1/settings/active-provider')), refetchInterval: 30_000 });
}
