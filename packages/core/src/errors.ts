/**
 * Typed errors. Every failure the router reports is one of these; `toOpenAIError`
 * is the single place that turns them into OpenAI-shaped JSON and a status.
 */

/** The OpenAI error body. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

const marker = Symbol.for('router.error');

/** Base class: status, OpenAI `type`, `code` and `param`. */
export class RouterError extends Error {
  readonly [marker] = true;
  /** HTTP status for the client. */
  readonly status: number;
  /** OpenAI error type. */
  readonly type: string;
  /** OpenAI error code. */
  readonly code: string | null;
  /** The request field at fault, if any. */
  readonly param: string | null;
  /** Seconds the client should wait before retrying, if known. */
  retryAfter?: number;

  constructor(message: string, options: { status: number; type: string; code?: string | null; param?: string | null; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RouterError';
    this.status = options.status;
    this.type = options.type;
    this.code = options.code ?? null;
    this.param = options.param ?? null;
  }

  /** True for any RouterError, across package copies. */
  static isInstance(value: unknown): value is RouterError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
  }
}

/** 400: the client's request is malformed. */
export class InvalidRequestError extends RouterError {
  constructor(message: string, param: string | null = null, code: string | null = 'invalid_request') {
    super(message, { status: 400, type: 'invalid_request_error', code, param });
    this.name = 'InvalidRequestError';
  }
}

/** 404: nothing can serve the requested model. */
export class ModelNotFoundError extends RouterError {
  constructor(message: string) {
    super(message, { status: 404, type: 'invalid_request_error', code: 'model_not_found', param: 'model' });
    this.name = 'ModelNotFoundError';
  }
}

/** 404: a named resource does not exist. */
export class NotFoundError extends RouterError {
  constructor(message: string, code = 'not_found', param: string | null = null) {
    super(message, { status: 404, type: 'invalid_request_error', code, param });
    this.name = 'NotFoundError';
  }
}

/** Any error that came from an upstream attempt; `retryable` says whether another attempt may help. */
export class UpstreamError extends RouterError {
  /** Another attempt (same or next target) may succeed. */
  readonly retryable: boolean;
  /** Upstream status, if a response arrived. */
  readonly upstreamStatus: number | null;
  /** Outcome label for the attempt log. */
  readonly outcome: string;

  constructor(
    message: string,
    options: { status: number; code: string; retryable: boolean; upstreamStatus?: number | null; outcome: string; type?: string; param?: string | null; cause?: unknown },
  ) {
    super(message, { status: options.status, type: options.type ?? 'upstream_error', code: options.code, param: options.param ?? null, cause: options.cause });
    this.name = 'UpstreamError';
    this.retryable = options.retryable;
    this.upstreamStatus = options.upstreamStatus ?? null;
    this.outcome = options.outcome;
  }
}

/** The upstream could not be reached (refused, reset, DNS). */
export class UpstreamConnectionError extends UpstreamError {
  constructor(message: string, cause?: unknown) {
    super(message, { status: 502, code: 'upstream_unreachable', retryable: true, outcome: 'connect_error', cause });
    this.name = 'UpstreamConnectionError';
  }
}

const TIMEOUT_CODES = { connect: 'upstream_connect_timeout', headers: 'upstream_timeout', body: 'upstream_idle_timeout' } as const;

/** The upstream did not connect, answer, or keep sending in time. */
export class UpstreamTimeoutError extends UpstreamError {
  /** Which timeout fired: `connect`, `headers` (time to first byte) or `body` (idle between chunks). */
  readonly phase: 'connect' | 'headers' | 'body';

  constructor(message: string, phase: 'connect' | 'headers' | 'body' = 'headers', cause?: unknown) {
    super(message, { status: 504, code: TIMEOUT_CODES[phase], retryable: phase !== 'body', outcome: 'timeout', cause });
    this.name = 'UpstreamTimeoutError';
    this.phase = phase;
  }
}

/** 504: no target produced an answer within the request deadline. */
export class DeadlineExceededError extends RouterError {
  constructor(deadlineMs: number, attempts: number, cause?: unknown) {
    super(`No provider answered within the request deadline of ${deadlineMs} ms (${attempts} attempt${attempts === 1 ? '' : 's'}); raise the \`request_deadline_ms\` setting if this model is slow.`, {
      status: 504, type: 'upstream_error', code: 'deadline_exceeded', cause,
    });
    this.name = 'DeadlineExceededError';
  }
}

/** 503: every target is cooling down after repeated failures (circuit open); `retryAfter` says when one is tried again. */
export class ProvidersUnavailableError extends RouterError {
  constructor(providerIds: readonly string[], retryAfterSeconds: number) {
    super(`Every provider for this request is cooling down after repeated failures (${providerIds.join(', ')}); retry after ${retryAfterSeconds} s.`, {
      status: 503, type: 'upstream_error', code: 'providers_unavailable',
    });
    this.name = 'ProvidersUnavailableError';
    this.retryAfter = retryAfterSeconds;
  }
}

/** 503: the server is shutting down; in a stream, the final error event. */
export class ServerShuttingDownError extends RouterError {
  constructor() {
    super('The router is shutting down; retry the request.', { status: 503, type: 'server_error', code: 'server_shutting_down' });
    this.name = 'ServerShuttingDownError';
    this.retryAfter = 1;
  }
}

/** Why a client key's request was refused after the key itself was accepted. */
export type ClientKeyRefusal = 'model' | 'provider' | 'rpm' | 'tpm' | 'budget';

/**
 * A client key's request refused: 403 for a model or provider the key may not use, 429 for a rate
 * limit (`rate_limit_exceeded`, OpenAI's `type` `requests` or `tokens`) or a spent budget
 * (`insufficient_quota`). `headers` (`x-ratelimit-*`) go on the answer.
 */
export class ClientKeyError extends RouterError {
  /** What the key ran into (metrics count refusals by it). */
  readonly reason: ClientKeyRefusal;
  /** Headers for the answer (the key's rate-limit state). */
  readonly headers: Readonly<Record<string, string>> | undefined;

  constructor(reason: ClientKeyRefusal, message: string, options: { retryAfter?: number; headers?: Record<string, string>; param?: string | null } = {}) {
    const status = reason === 'model' || reason === 'provider' ? 403 : 429;
    const type = status === 403 ? 'permission_error' : reason === 'budget' ? 'insufficient_quota' : reason === 'rpm' ? 'requests' : 'tokens';
    const code = reason === 'model' ? 'model_not_allowed' : reason === 'provider' ? 'provider_not_allowed' : reason === 'budget' ? 'insufficient_quota' : 'rate_limit_exceeded';
    super(message, { status, type, code, param: options.param ?? null });
    this.name = 'ClientKeyError';
    this.reason = reason;
    this.headers = options.headers;
    if (options.retryAfter !== undefined) this.retryAfter = options.retryAfter;
  }
}

/** The client went away; nothing is sent back. */
export class ClientClosedError extends RouterError {
  constructor() {
    super('The client closed the request', { status: 499, type: 'client_closed', code: 'client_closed' });
    this.name = 'ClientClosedError';
  }
}

/** Maps any error to a status and an OpenAI error body. Unknown errors become a 500 without details. */
export function toOpenAIError(error: unknown): { status: number; body: OpenAIErrorBody; retryAfter?: number } {
  if (RouterError.isInstance(error)) {
    return {
      status: error.status,
      body: { error: { message: error.message, type: error.type, param: error.param, code: error.code } },
      retryAfter: error.retryAfter,
    };
  }
  return {
    status: 500,
    body: { error: { message: 'Internal router error', type: 'server_error', param: null, code: 'internal_error' } },
  };
}

/** Serialises an OpenAI error body as an SSE event, used to end a failed stream. */
export function sseErrorEvent(error: unknown): string {
  return `data: ${JSON.stringify(toOpenAIError(error).body)}\n\n`;
}
