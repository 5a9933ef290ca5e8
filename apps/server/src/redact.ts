/** The redactors for a configuration snapshot: its secret values and key-shaped strings become `[redacted]`. */
import { broadSecretValuesOfSnapshot, createRedactor as createTextRedactor, providerSecretValues, type ConfigSnapshot, type ProviderEntry } from '@router/core';

/**
 * A redactor for a snapshot. Without `provider`, for text that may come from any provider (the
 * in-thread log writer): the snapshot's secrets long enough to look for anywhere (`broadSecrets`),
 * so a short header value such as `1` cannot eat the numbers of every log row. With `provider`,
 * for text that came from that provider (probe and health answers): every secret of it as well,
 * however short.
 */
export function createRedactor(snapshot: ConfigSnapshot, provider?: ProviderEntry): (text: string) => string {
  const broad = broadSecretValuesOfSnapshot(snapshot);
  return createTextRedactor({ secrets: provider ? [...broad, ...providerSecretValues(provider)] : broad });
}
