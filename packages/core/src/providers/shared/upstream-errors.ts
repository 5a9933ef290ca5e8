/**
 * Reading an upstream's error answer, shared by the engine and the adapters: what goes back to
 * the client (an OpenAI-shaped body kept as it is), whether another attempt may help, and which
 * headers (`retry-after`) to keep.
 */
import { RouterError, UpstreamError } from '../../errors.js';
import { encodeUtf8 } from '../../sse/bytes.js';

/** An upstream error answer that is passed back to the client (OpenAI-shaped). */
export class PassbackError extends RouterError {
  /** The body sent to the client. */
  readonly body: Uint8Array;
  /** Whether another target may succeed. */
  readonly retryable: boolean;
  /** Headers to keep (e.g. retry-after). */
  readonly headers: Record<string, string>;

  constructor(status: number, body: Uint8Array, message: string, retryable: boolean, headers: Record<string, string>) {
    super(message, { status, type: 'upstream_error', code: `upstream_${status}` });
    this.name = 'PassbackError';
    this.body = body;
    this.retryable = retryable;
    this.headers = headers;
  }
}

/** Statuses worth another attempt. */
export function isRetryableStatus(status: number): boolean {
  // 508 Loop Detected (a router refusing a request that came back through it) never clears on a retry
  return status === 408 || status === 429 || (status >= 500 && status !== 508);
}

/** Builds the client's answer for an upstream error response, keeping an OpenAI-shaped body as is. */
export function upstreamErrorFromResponse(providerId: string, status: number, text: string, headers: Record<string, string | string[] | undefined>): RouterError {
  let parsed: any;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const upstreamMessage: string =
    (typeof parsed?.error?.message === 'string' && parsed.error.message) ||
    (typeof parsed?.error === 'string' && parsed.error) ||
    (typeof parsed?.message === 'string' && parsed.message) ||
    text.trim().slice(0, 500) ||
    `HTTP ${status}`;
  if (status === 401 || status === 403) {
    return new UpstreamError(`Provider "${providerId}" rejected the router's credentials (HTTP ${status}): ${upstreamMessage}. Check its apiKey with \`provider-cli provider config ${providerId}\`.`, {
      status: 502,
      code: 'upstream_auth_failed',
      retryable: true,
      upstreamStatus: status,
      outcome: 'http_error',
    });
  }
  const keep: Record<string, string> = {};
  for (const name of ['retry-after', 'retry-after-ms']) {
    const value = headers[name];
    if (typeof value === 'string') keep[name] = value;
  }
  const shaped = parsed && typeof parsed.error === 'object' && parsed.error !== null && typeof parsed.error.message === 'string';
  const body = shaped
    ? encodeUtf8(text)
    : encodeUtf8(
        JSON.stringify({
          error: {
            message: `Provider "${providerId}" answered HTTP ${status}: ${upstreamMessage}`,
            type: status >= 500 ? 'upstream_error' : 'invalid_request_error',
            param: typeof parsed?.param === 'string' ? parsed.param : null,
            code: typeof parsed?.code === 'string' || typeof parsed?.code === 'number' ? String(parsed.code) : `upstream_${status}`,
          },
        }),
      );
  return new PassbackError(status, body, upstreamMessage, isRetryableStatus(status), keep);
}
