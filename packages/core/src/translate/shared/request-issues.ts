/** How the request translators report a bad request: a 400 naming the field, from zod's issues. */
import { InvalidRequestError } from '../../errors.js';

/** A 400 `invalid_request_error` whose `param` is the field path (`messages.0.content.2.source.type`), prefixed to the message. */
export function invalidAt(path: readonly PropertyKey[], message: string, code = 'invalid_value'): InvalidRequestError {
  const param = path.map(String).join('.');
  return new InvalidRequestError(param.length > 0 && !message.startsWith(param) ? `${param}: ${message}` : message, param || null, code);
}

/** A zod issue, as far as the translators read it. */
export interface Issue {
  path: PropertyKey[];
  message: string;
  errors?: Issue[][];
}

/**
 * The issue to report. zod reports a failed union (`string | blocks[]`) at the union; the branch
 * that got furthest says what is actually wrong, so the deepest issue among the branches is the
 * one a client can act on.
 */
export function deepestIssue(issue: Issue, prefix: PropertyKey[]): Issue {
  const path = [...prefix, ...issue.path];
  let best: Issue = { path, message: issue.message };
  for (const branch of issue.errors ?? []) {
    for (const inner of branch) {
      const candidate = deepestIssue(inner, path);
      if (candidate.path.length > best.path.length) best = candidate;
    }
  }
  return best;
}
