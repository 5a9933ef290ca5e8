/**
 * The model list in Anthropic's shape, for Anthropic clients (`GET /v1/models` with an
 * `anthropic-version` header): `{data: [{type: 'model', id, display_name, created_at}],
 * has_more, first_id, last_id}`, paged as Anthropic pages it (`limit`, `after_id`, `before_id`),
 * which `@anthropic-ai/sdk`'s `models.list()` follows. Without a `limit` the whole list is one page.
 */
import { InvalidRequestError } from '../errors.js';
import type { ModelList, ModelListEntry } from './model-catalog.js';

/** One model as Anthropic's Models API describes it. */
export interface AnthropicModelInfo {
  type: 'model';
  id: string;
  /** The catalogue's display name, else the id. */
  display_name: string;
  /** RFC 3339 time (from the entry's `created` Unix seconds). */
  created_at: string;
}

/** Anthropic's model list page. */
export interface AnthropicModelList {
  data: AnthropicModelInfo[];
  has_more: boolean;
  first_id: string | null;
  last_id: string | null;
}

/** One OpenAI-shaped entry (with the catalogue's `display_name` when it has one) in Anthropic's shape. */
export function toAnthropicModel(entry: ModelListEntry & { display_name?: string }): AnthropicModelInfo {
  const date = new Date(entry.created * 1000);
  const time = Number.isNaN(date.getTime()) ? new Date(0) : date;
  return {
    type: 'model',
    id: entry.id,
    display_name: entry.display_name || entry.id,
    // Anthropic writes whole seconds: 2025-02-19T00:00:00Z
    created_at: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}

/** Which page of the list (Anthropic's query parameters). */
export interface AnthropicModelPage {
  /** Models per page (1–1000); absent: all of them. */
  limit?: number;
  /** The page after this model id. */
  afterId?: string;
  /** The page before this model id. */
  beforeId?: string;
}

/**
 * An OpenAI-shaped model list in Anthropic's shape: one page of it. `after_id` gives the `limit`
 * models after that id, `before_id` the `limit` models just before it; `has_more` says whether the
 * list goes on in the direction asked for. An id the list does not hold is a 400 naming it.
 */
export function toAnthropicModelList(list: ModelList, page: AnthropicModelPage = {}): AnthropicModelList {
  const all = list.data.map(toAnthropicModel);
  const indexOf = (id: string, param: string) => {
    const index = all.findIndex((model) => model.id === id);
    if (index === -1) throw new InvalidRequestError(`No model "${id}" in the list to page from (${param}).`, param, 'invalid_value');
    return index;
  };
  const lower = page.afterId === undefined ? 0 : indexOf(page.afterId, 'after_id') + 1;
  const upper = page.beforeId === undefined ? all.length : indexOf(page.beforeId, 'before_id');
  let start = lower;
  let end = Math.max(lower, upper);
  let hasMore = false;
  if (page.limit !== undefined && end - start > page.limit) {
    hasMore = true;
    // paging backwards takes the models nearest the `before_id`
    if (page.beforeId !== undefined && page.afterId === undefined) start = end - page.limit;
    else end = start + page.limit;
  }
  const data = all.slice(start, end);
  return { data, has_more: hasMore, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
}
