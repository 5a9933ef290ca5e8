/**
 * The rules the Providers page follows before it asks the API (which enforces them too): which
 * providers need an explicit "remove anyway" to delete, and the label of a provider's role.
 */
import type { Settings } from './provider-api.ts';

/** Why deleting this provider needs an explicit confirmation (it is the active or the default provider), or null. */
export function forceReason(providerId: string, settings: Pick<Settings, 'activeProvider' | 'defaultProvider'> | undefined): string | null {
  if (!settings) return null;
  const roles = [
    settings.activeProvider?.effective === providerId || settings.activeProvider?.providerId === providerId ? 'the active provider (requests without a mapping go to it)' : null,
    settings.defaultProvider?.effective === providerId || settings.defaultProvider?.providerId === providerId ? 'the default provider (the fallback when nothing else matches)' : null,
  ].filter((role): role is string => role !== null);
  return roles.length ? `${providerId} is ${roles.join(' and ')}.` : null;
}

/** True for an API refusal that a forced delete would get past (`param: "force"`). */
export function needsForce(error: unknown): boolean {
  return !!error && typeof error === 'object' && (error as { param?: unknown }).param === 'force';
}

/** The roles of a provider, for its row: `active`, `default`. */
export function rolesOf(providerId: string, settings: Pick<Settings, 'activeProvider' | 'defaultProvider'> | undefined): string[] {
  if (!settings) return [];
  return [settings.activeProvider?.effective === providerId ? 'active' : null, settings.defaultProvider?.effective === providerId ? 'default' : null].filter((role): role is string => role !== null);
}
