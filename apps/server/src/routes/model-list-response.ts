/**
 * Model reads in the shape the client speaks: Anthropic's (`{data: [{type: 'model', id,
 * display_name, created_at}], has_more, first_id, last_id}`) when the request carries
 * `anthropic-version`, as every Anthropic client does, paged by its `limit`, `after_id` and
 * `before_id` (without `limit`, one page of everything); OpenAI's otherwise.
 */
import type { Context } from 'hono';
import { InvalidRequestError, toAnthropicModel, toAnthropicModelList, type AnthropicModelPage, type ModelList, type ModelListEntry } from '@router/core';

/** Whether the request comes from an Anthropic client. */
export function wantsAnthropicShape(c: Context): boolean {
  return Boolean(c.req.header('anthropic-version'));
}

/** The page an Anthropic client asks for (`?limit=&after_id=&before_id=`); a 400 naming a bad value. */
function anthropicPage(c: Context): AnthropicModelPage {
  const page: AnthropicModelPage = {};
  const limit = c.req.query('limit');
  if (limit !== undefined) {
    const value = Number(limit);
    if (!/^\d+$/.test(limit) || value < 1 || value > 1000) throw new InvalidRequestError(`limit must be a whole number from 1 to 1000, got "${limit}".`, 'limit', 'invalid_value');
    page.limit = value;
  }
  const afterId = c.req.query('after_id');
  if (afterId) page.afterId = afterId;
  const beforeId = c.req.query('before_id');
  if (beforeId) page.beforeId = beforeId;
  return page;
}

/** `GET /v1/models`. */
export function modelListResponse(c: Context, list: ModelList): Response {
  return c.json(wantsAnthropicShape(c) ? toAnthropicModelList(list, anthropicPage(c)) : list);
}

/** `GET /v1/models/:id`. */
export function modelResponse(c: Context, entry: ModelListEntry & { display_name?: string }): Response {
  return c.json(wantsAnthropicShape(c) ? toAnthropicModel(entry) : entry);
}
