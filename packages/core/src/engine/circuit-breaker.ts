/**
 * One circuit breaker per provider: consecutive failures open it for a
 * cool-down that doubles each time it re-opens (capped); while it cools the
 * provider is skipped; when the cool-down ends exactly one probe request goes
 * through (half-open), and its outcome closes or re-opens the circuit.
 * State lives only for providers that have failed, so the happy path is one `Map` lookup.
 */
import type { ResiliencePolicy } from './retry-policy.js';

/** A provider's circuit, as reported to operators. */
export interface CircuitState {
  /** `closed` (normal), `open` (cooling, skipped) or `half_open` (cooled; the next request probes it). */
  state: 'closed' | 'open' | 'half_open';
  /** Consecutive failures counted while closed. */
  failures: number;
  /** How many times in a row the circuit has opened. */
  opens: number;
  /** Milliseconds of cool-down left (0 unless open). */
  retryInMs: number;
}

/** The breakers of one router. */
export interface CircuitBreaker {
  /** May a request go to this provider now? In half-open state only the first caller gets `true` (the probe). */
  allow(providerId: string): boolean;
  /** The provider answered well: closes the circuit. */
  success(providerId: string): void;
  /** The provider failed: counts, and opens (or re-opens after a failed probe) the circuit. */
  failure(providerId: string, policy: Pick<ResiliencePolicy, 'breakerFailures' | 'breakerCooldownMs' | 'breakerCooldownMaxMs'>): void;
  /** The attempt ended without saying anything about the provider (client left): frees a probe slot. */
  release(providerId: string): void;
  /** Milliseconds until the provider may be tried again (0 if it may be tried now). */
  retryInMs(providerId: string): number;
  /** Every provider with a non-default state. */
  states(): Record<string, CircuitState>;
}

interface Circuit {
  failures: number;
  opens: number;
  /** Monotonic ms when the cool-down ends; 0 while closed. */
  openUntil: number;
  /** A probe is in flight (half-open). */
  probing: boolean;
}

/** Creates the breakers; `now` is a monotonic clock in ms. */
export function createCircuitBreaker(now: () => number): CircuitBreaker {
  const circuits = new Map<string, Circuit>();

  return {
    allow(providerId) {
      const circuit = circuits.get(providerId);
      if (!circuit || circuit.openUntil === 0) return true;
      if (now() < circuit.openUntil || circuit.probing) return false;
      circuit.probing = true;
      return true;
    },
    success(providerId) {
      if (circuits.has(providerId)) circuits.delete(providerId);
    },
    failure(providerId, policy) {
      let circuit = circuits.get(providerId);
      if (!circuit) circuits.set(providerId, (circuit = { failures: 0, opens: 0, openUntil: 0, probing: false }));
      if (circuit.openUntil !== 0) {
        // A failed probe (or a failure that raced the opening) re-opens with a longer cool-down.
        if (!circuit.probing && now() < circuit.openUntil) return;
        circuit.opens++;
      } else if (++circuit.failures >= policy.breakerFailures) {
        circuit.opens = 1;
      } else {
        return;
      }
      circuit.failures = 0;
      circuit.probing = false;
      circuit.openUntil = now() + Math.min(policy.breakerCooldownMaxMs, policy.breakerCooldownMs * 2 ** (circuit.opens - 1));
    },
    release(providerId) {
      const circuit = circuits.get(providerId);
      if (circuit) circuit.probing = false;
    },
    retryInMs(providerId) {
      const circuit = circuits.get(providerId);
      if (!circuit || circuit.openUntil === 0) return 0;
      return Math.max(0, circuit.openUntil - now());
    },
    states() {
      const out: Record<string, CircuitState> = {};
      const at = now();
      for (const [id, circuit] of circuits) {
        const retryInMs = circuit.openUntil === 0 ? 0 : Math.max(0, Math.ceil(circuit.openUntil - at));
        const state = circuit.openUntil === 0 ? 'closed' : retryInMs > 0 ? 'open' : 'half_open';
        out[id] = { state, failures: circuit.failures, opens: circuit.opens, retryInMs };
      }
      return out;
    },
  };
}
