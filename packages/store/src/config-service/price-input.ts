/** Checks a price override before anything is written: a model id and finite, non-negative prices per million tokens. */
import { InvalidRequestError, type ModelPrice } from '@router/core';
import { assertModelId } from '../ids.js';

/** No price per million tokens is anywhere near this; a larger one is a typo (prices are per million, not per token). */
export const MAX_PRICE_PER_MILLION = 10_000;

function priceValue(value: unknown, param: string): number {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number) || number < 0 || number > MAX_PRICE_PER_MILLION) {
    throw new InvalidRequestError(`${param} must be a price in US dollars per million tokens, from 0 to ${MAX_PRICE_PER_MILLION}`, param, 'invalid_value');
  }
  return number;
}

/** The override as it will be stored; throws a 400 naming the field that is wrong. */
export function normalizePriceInput(model: unknown, input: { inputPerMillion?: unknown; outputPerMillion?: unknown; cachedInputPerMillion?: unknown }): { model: string; price: ModelPrice } {
  const id = assertModelId(model, 'model');
  const price: ModelPrice = {
    inputPerMillion: priceValue(input.inputPerMillion, 'inputPerMillion'),
    outputPerMillion: priceValue(input.outputPerMillion, 'outputPerMillion'),
    cachedInputPerMillion: input.cachedInputPerMillion === undefined || input.cachedInputPerMillion === null ? null : priceValue(input.cachedInputPerMillion, 'cachedInputPerMillion'),
  };
  return { model: id, price };
}
