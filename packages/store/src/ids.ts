import { InvalidRequestError } from '@router/core';

/** Model ids are 1–128 characters of letters, digits, `.`, `_`, `-`, `:` and `/` (model names like `qwen/qwen3-coder:free`). */
export const MODEL_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:\/-]{0,127}$/;
/** Provider ids are stricter (1–64 characters, no `/` or `:`) so they are safe in URLs and config. */
export const PROVIDER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Throws a 400 naming `param` unless `id` is a safe model id. */
export function assertModelId(id: unknown, param = 'id'): string {
  if (typeof id !== 'string' || !MODEL_ID_PATTERN.test(id)) {
    throw new InvalidRequestError(`${param} must be 1-128 characters of letters, digits and . _ : / - (starting with a letter or digit)`, param, 'invalid_id');
  }
  return id;
}

/** Throws a 400 naming `param` unless `id` is a safe provider id. */
export function assertProviderId(id: unknown, param = 'id'): string {
  if (typeof id !== 'string' || !PROVIDER_ID_PATTERN.test(id)) {
    throw new InvalidRequestError(`${param} must be 1-64 characters of letters, digits and . _ - (starting with a letter or digit)`, param, 'invalid_id');
  }
  return id;
}

/** True when `id` is a safe provider id. */
export const isProviderId = (id: string): boolean => PROVIDER_ID_PATTERN.test(id);
