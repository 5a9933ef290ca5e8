/**
 * A client key at the failover loop: the models and providers it may use, and its limits'
 * admission (`KeyGate`), which answers the rate-limit headers sent with the answer.
 */
import { ClientKeyError } from '../errors.js';
import type { ResolvedTarget } from '../routing/resolve-targets.js';
import { keyAllowsModel, type ClientKeyEntry, type KeyGate } from '../spec/client-keys.js';
import { estimateRequestTokens, requestedOutput } from './context-fit.js';

/** Refuses a model the key may not use. */
export function checkKeyModel(key: ClientKeyEntry, model: string): void {
  if (!keyAllowsModel(key, model)) {
    throw new ClientKeyError('model', `This key may not use model "${model}"; it may use: ${key.models!.join(', ')}.`, { param: 'model', headers: { 'x-should-retry': 'false' } });
  }
}

/**
 * The targets a key limited to some providers may use: the others are skipped and failover stays
 * among the rest; refused when none is left of a route that had targets.
 */
export function keyAllowedTargets(key: ClientKeyEntry, model: string, targets: readonly ResolvedTarget[]): readonly ResolvedTarget[] {
  const allowed = key.providers;
  if (!allowed) return targets;
  const served = targets.filter((candidate) => allowed.includes(candidate.provider.id));
  if (served.length === 0 && targets.length > 0) {
    const serving = [...new Set(targets.map((candidate) => candidate.provider.id))].join(', ');
    throw new ClientKeyError('provider', `This key may not use the providers that serve model "${model}" (${serving}); it may use: ${allowed.join(', ')}.`, { param: 'model', headers: { 'x-should-retry': 'false' } });
  }
  return served;
}

/** Admits a request under the key's limits; answers its rate-limit headers (or throws the refusal). */
export function admitClientKey(
  gate: KeyGate, key: ClientKeyEntry, requestId: string, rawBody: unknown, body: Record<string, unknown>,
): ReturnType<KeyGate['admit']> {
  return gate.admit(key, {
    requestId,
    // the admission estimate only has to be cheap and not too low (the log's usage settles it): the body's characters
    // over four (its JSON syntax included, so on the high side), without walking the parsed body
    estimateTokens: () => {
      if (typeof rawBody === 'string') return Math.ceil(rawBody.length / 4) + requestedOutput(body).output;
      const estimate = estimateRequestTokens(body);
      return estimate.prompt + estimate.output;
    },
  });
}
