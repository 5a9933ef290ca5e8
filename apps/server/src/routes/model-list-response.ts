/**
 * Model reads in the shape the client speaks: Anthropic's (`{data: [{type: 'model', id,
 * display_name, created_at}], has_more, first_id, last_id}`) when the request carries
 * `anthropic-version`, as every Anthropic client does; OpenAI's otherwise.
 */
import type { Context } from 'hono';
import { toAnthropicModel, toAnthropicModelList, type ModelList, type ModelListEntry } from '@router/core';

/** Whether the request comes from an Anthropic client. */
export function wantsAnthropicShape(c: Context): boolean {
  return Boolean(c.req.header('anthropic-version'));
}

/** `GET /v1/models`. */
export function modelListResponse(c: Context, list: ModelList): Response {
  return c.json(wantsAnthropicShape(c) ? toAnthropicModelList(list) : list);
}

/** `GET /v1/models/:id`. */
export function modelResponse(c: Context, entry: ModelListEntry & { display_name?: string }): Response {
  return c.json(wantsAnthropicShape(c) ? toAnthropicModel(entry) : entry);
}
