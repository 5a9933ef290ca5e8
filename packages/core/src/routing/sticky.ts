/**
 * Sticky weighted splits. A route with stickiness reads a key from each request (a header, the
 * user, or the conversation's first message) and orders its weighted targets by weighted
 * rendezvous hashing of that key: every target gets the score `weight / -ln(u)`, where `u` in
 * (0, 1) is a stable hash of the key and the target, and the targets are tried by descending
 * score. The same key always lands on the same arm (and fails over in the same order) with no
 * per-session memory, the arms' shares across keys follow the weights, and changing one
 * target's weight moves only the sessions that move to or from that target.
 */
import { InvalidRequestError } from '../errors.js';
import type { RouteTarget, Stickiness } from '../spec/config.js';

/** An HTTP header name (RFC 9110 token), lower-case. */
const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]{1,100}$/;

/** The stickiness modes, for help texts and errors. */
export const STICKINESS_MODES = ['header:<name>', 'user', 'first-message'] as const;

/**
 * Reads a stickiness setting (`header:<name>`, `user`, `first-message`; `none` or empty: none),
 * normalising a header name to lower case; throws a 400 naming `param` otherwise.
 */
export function parseStickiness(text: string | null | undefined, param = 'stickiness'): Stickiness | null {
  const value = (text ?? '').trim();
  if (value === '' || value === 'none') return null;
  if (value === 'user' || value === 'first-message') return value;
  if (value.toLowerCase().startsWith('header:')) {
    const name = value.slice('header:'.length).trim().toLowerCase();
    if (HEADER_NAME.test(name)) return `header:${name}`;
    throw new InvalidRequestError(`"${value.slice(0, 120)}" does not name a valid header: use header:<name>, e.g. header:x-router-session.`, param, 'invalid_value');
  }
  throw new InvalidRequestError(`Stickiness must be header:<name>, user, first-message or none; got "${value.slice(0, 120)}".`, param, 'invalid_value');
}

/** A string field of an object, if it is one. */
function stringField(value: unknown, key: string): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === 'string' && field !== '' ? field : undefined;
}

/**
 * What opens a conversation: the system prompt (Messages' `system`, Responses' `instructions`, chat's
 * leading system/developer messages) and the first user message, as JSON; undefined without a user message.
 */
function firstMessage(body: Record<string, unknown>): string | undefined {
  const parts: unknown[] = [];
  if (body.system !== undefined) parts.push(body.system);
  if (body.instructions !== undefined) parts.push(body.instructions);
  const input = body.input;
  const list = Array.isArray(body.messages) ? body.messages : typeof input === 'string' ? [{ role: 'user', content: input }] : Array.isArray(input) ? input : undefined;
  if (!list) return undefined;
  for (const message of list) {
    if (!message || typeof message !== 'object') continue;
    const { role, content } = message as { role?: unknown; content?: unknown };
    if (role === 'system' || role === 'developer') parts.push(content);
    else if (role === 'user') {
      parts.push(content);
      return JSON.stringify(parts);
    }
  }
  return undefined;
}

/**
 * The request's stickiness key under `stickiness`, or undefined when the request carries none (it is
 * then routed by an ordinary weighted choice). `header` reads a request header by lower-case name.
 */
export function stickyKeyOf(stickiness: Stickiness, body: Record<string, unknown>, header: ((name: string) => string | null | undefined) | undefined): string | undefined {
  if (stickiness === 'user') return stringField(body, 'user') ?? stringField(body.metadata, 'user_id');
  if (stickiness === 'first-message') {
    const text = firstMessage(body);
    return text === undefined ? undefined : `m:${stableHash(text).toString(36)}`;
  }
  const value = header?.(stickiness.slice('header:'.length));
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A stable 53-bit hash of a string (cyrb53): the same on every platform and run. */
export function stableHash(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** Orders a weighted group by rendezvous score for `key`: highest first (see the module comment). */
export function rendezvousOrder(group: readonly RouteTarget[], key: string): RouteTarget[] {
  const scored = group.map((target, index) => {
    const weight = Math.max(0, target.weight ?? 1);
    // u in (0, 1): never 0 or 1, so -ln(u) is finite and positive
    const unit = (stableHash(`${key}\u0000${target.providerId}\u0000${target.model ?? ''}`) + 0.5) / 2 ** 53;
    return { target, index, score: weight === 0 ? -1 : weight / -Math.log(unit) };
  });
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  return scored.map((entry) => entry.target);
}

/** The route hints of a request on a sticky route: its pin and fallback, and its stickiness key (when it has one). */
export function stickyHints(
  input: { provider?: string | null; fallback?: boolean | string | null; header?: (name: string) => string | null | undefined },
  stickiness: Stickiness,
  body: Record<string, unknown>,
): { provider?: string | null; fallback?: boolean | string | null; stickyKey?: string } {
  const stickyKey = stickyKeyOf(stickiness, body, input.header);
  return stickyKey === undefined ? input : { provider: input.provider, fallback: input.fallback, stickyKey };
}
