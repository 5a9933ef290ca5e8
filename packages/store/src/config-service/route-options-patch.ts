/**
 * The rules of a route options change (stickiness, shadow traffic), checked before any write:
 * every error is a 400 (or a 404 for a provider that does not exist) naming the field.
 */
import { InvalidRequestError, parseStickiness } from '@router/core';
import { assertModelId, assertProviderId } from '../ids.js';
import type { RouteOptionsRecord } from '../repositories/route-options.js';

/** A change to a route's options: absent fields keep their value, null returns a field to its default. */
export interface RouteOptionsPatch {
  /** `header:<name>`, `user`, `first-message`, or `none`/null for none. */
  stickiness?: string | null;
  /** 0–100. */
  shadowPercent?: number | null;
  /** 1–100000 (null: the server's default). */
  shadowPerMinute?: number | null;
  /** 100–600000 ms (null: the server's default). */
  shadowTimeoutMs?: number | null;
  /** Replaces the shadow targets (at most 8; empty: none). */
  shadowTargets?: { providerId: string; model?: string | null }[] | null;
}

/** Most shadow targets a route may have (each sampled request is sent to every one of them). */
export const MAX_SHADOW_TARGETS = 8;

function integerIn(value: unknown, min: number, max: number, param: string, unit = ''): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidRequestError(`${param} must be a whole number from ${min} to ${max}${unit}.`, param, 'invalid_value');
  }
  return value;
}

/** Applies a patch to the stored options, checking every field; throws before anything is written. */
export function applyRouteOptionsPatch(before: RouteOptionsRecord, patch: RouteOptionsPatch): RouteOptionsRecord {
  assertModelId(before.model, 'model');
  const next: RouteOptionsRecord = { ...before, shadowTargets: [...before.shadowTargets] };
  if (patch.stickiness !== undefined) next.stickiness = parseStickiness(patch.stickiness, 'stickiness');
  if (patch.shadowPercent !== undefined) {
    const percent = patch.shadowPercent ?? 0;
    if (typeof percent !== 'number' || !Number.isFinite(percent) || percent < 0 || percent > 100) {
      throw new InvalidRequestError('shadowPercent must be a number from 0 to 100.', 'shadowPercent', 'invalid_value');
    }
    next.shadowPercent = percent;
  }
  if (patch.shadowPerMinute !== undefined) next.shadowPerMinute = patch.shadowPerMinute === null ? null : integerIn(patch.shadowPerMinute, 1, 100_000, 'shadowPerMinute');
  if (patch.shadowTimeoutMs !== undefined) next.shadowTimeoutMs = patch.shadowTimeoutMs === null ? null : integerIn(patch.shadowTimeoutMs, 100, 600_000, 'shadowTimeoutMs', ' ms');
  if (patch.shadowTargets !== undefined) {
    const targets = patch.shadowTargets ?? [];
    if (!Array.isArray(targets) || targets.length > MAX_SHADOW_TARGETS) throw new InvalidRequestError(`shadowTargets takes at most ${MAX_SHADOW_TARGETS} targets.`, 'shadowTargets', 'invalid_value');
    next.shadowTargets = targets.map((target, index) => {
      const providerId = assertProviderId(target?.providerId, `shadowTargets[${index}].providerId`);
      const model = target.model === undefined || target.model === null || target.model === '' ? null : assertModelId(target.model, `shadowTargets[${index}].model`);
      return { providerId, model };
    });
  }
  if (next.shadowPercent > 0 && next.shadowTargets.length === 0) {
    throw new InvalidRequestError('A route that mirrors traffic needs at least one shadow target.', 'shadowTargets', 'invalid_value');
  }
  return next;
}
