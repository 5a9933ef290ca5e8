/** DashScope's error bodies → the OpenAI shape, with the request id and what to do where we know it. */
import type { RouterError } from '../../errors.js';
import { upstreamErrorFromResponse } from '../shared/upstream-errors.js';

function typeFor(status: number): string {
  if (status === 429) return 'rate_limit_error';
  if (status === 401 || status === 403) return 'authentication_error';
  return status >= 500 ? 'upstream_error' : 'invalid_request_error';
}

/** Advice for errors whose cure is known. */
function adviceFor(message: string): string {
  if (/enable_thinking must be set to false for non-streaming/i.test(message)) {
    return ' This model thinks only on streaming calls: send "stream": true, or drop reasoning_effort / thinking.';
  }
  if (/thinking_budget/i.test(message)) return ' Give a positive thinking budget (reasoning_effort, thinking.budget_tokens or the provider\'s thinkingBudget).';
  return '';
}

/**
 * Maps a DashScope error response. The native shape is `{"code","message","request_id"}`; the
 * compatible mode mostly answers `{"error":{…},"request_id"}`, which only gets the request id added.
 * The response headers are read as for any upstream (`retry-after`).
 */
export function mapDashScopeError(providerId: string, status: number, text: string, headers: Readonly<Record<string, string | string[] | undefined>> = {}): RouterError | null {
  let parsed: any;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== 'object') return null;
  const requestId = typeof parsed.request_id === 'string' ? parsed.request_id : null;
  const inner = parsed.error && typeof parsed.error === 'object' ? parsed.error : null;
  const message = typeof inner?.message === 'string' ? inner.message : typeof parsed.message === 'string' ? parsed.message : null;
  if (message === null) return null;
  const code = inner ? inner.code : parsed.code;
  const suffix = [typeof code === 'string' && code ? `DashScope ${code}` : null, requestId ? `request_id ${requestId}` : null].filter(Boolean).join(', ');
  const shaped = {
    error: {
      message: `${message.trim()}${suffix ? ` (${suffix})` : ''}${adviceFor(message)}`,
      type: typeof inner?.type === 'string' ? inner.type : typeFor(status),
      param: typeof inner?.param === 'string' ? inner.param : null,
      code: typeof code === 'string' || typeof code === 'number' ? String(code) : `upstream_${status}`,
    },
  };
  // the upstream's headers: a 429's Retry-After is kept for the client and for the retry's wait
  return upstreamErrorFromResponse(providerId, status, JSON.stringify(shaped), headers);
}
