/**
 * The model list in Anthropic's shape, for Anthropic clients (`GET /v1/models` with an
 * `anthropic-version` header): `{data: [{type: 'model', id, display_name, created_at}],
 * has_more, first_id, last_id}`. The whole list is one page.
 */
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

/** An OpenAI-shaped model list in Anthropic's shape, as one page (`has_more: false`). */
export function toAnthropicModelList(list: ModelList): AnthropicModelList {
  const data = list.data.map(toAnthropicModel);
  return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
}
