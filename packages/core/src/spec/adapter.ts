/**
 * The provider adapter interface, version 1. One folder per adapter under
 * `providers/`; an adapter turns a chat call into an upstream request and,
 * only where the provider needs it, translates the response.
 */
import type { z } from 'zod';
import type { RouterError } from '../errors.js';
import type { ClientApi, PassthroughCall } from './api.js';
import type { UpstreamRequest, UpstreamResponse } from './transport.js';
import type { DiscoveredModel, DiscoveryFetch } from './discovery.js';

/** A chat completion body: the fields the router reads, everything else passed through. */
export interface ChatCompletionBody {
  model: string;
  messages: unknown[];
  stream?: boolean | null;
  [key: string]: unknown;
}

/** One call to a provider: what the client sent, and what the router decided. */
export interface ChatCall {
  /** The parsed client body (do not mutate; copy to change). */
  body: ChatCompletionBody;
  /** The client body exactly as received, forwarded unchanged when nothing must change. */
  rawBody: string;
  /** The model name to send upstream. */
  model: string;
  /** Whether the client asked for a stream. */
  stream: boolean;
}

/** Timeouts the engine applies to an attempt, in milliseconds. */
export interface ProviderTimeouts {
  /** Until response headers arrive (covers connecting). */
  headersMs: number;
  /** Longest silence between two body chunks. */
  idleMs: number;
  /** Until a new connection is established (optional; the engine's default otherwise). */
  connectMs?: number;
}

/** How a provider takes earlier turns' reasoning (see `ProviderInstance.reasoningHistory`). */
export type ReasoningHistory = 'drop' | 'reasoning_content';

/** A provider configured and ready: built once per configuration revision. */
export interface ProviderInstance {
  /** Provider id. */
  readonly id: string;
  /** Timeouts for this provider. */
  readonly timeouts: ProviderTimeouts;
  /** Builds the upstream request for a chat completion. */
  chatRequest(call: ChatCall): UpstreamRequest;
  /**
   * The APIs besides chat that the provider speaks natively (default: none). A request in one of them is
   * sent through `passthroughRequest` and its answer passed back untouched; a request in another API is
   * translated to chat by the engine and sent through `chatRequest`.
   */
  readonly nativeApis?: readonly ClientApi[];
  /**
   * The API `chatRequest` speaks upstream when it is not chat (the instance translates chat to it, e.g.
   * `messages` for an Anthropic provider): what the log names as the API an attempt spoke.
   */
  readonly chatApi?: ClientApi;
  /**
   * How reasoning from earlier turns of a translated request (a Messages client's `thinking` blocks, a
   * Responses client's `reasoning` items) reaches the provider: left out (`drop`, the default), or as
   * `reasoning_content` on the assistant message it belongs to (DeepSeek's thinking mode requires it
   * back across tool calls).
   */
  readonly reasoningHistory?: ReasoningHistory;
  /** Builds the upstream request for a call in one of `nativeApis`. */
  passthroughRequest?(call: PassthroughCall): UpstreamRequest;
  /** Builds the upstream request that lists models, or null if the provider has none. */
  modelsRequest(): UpstreamRequest | null;
  /**
   * Asks a local server what it has: each model's load state and context lengths (optional; local
   * server types have it). Called off the request path with a `fetchJson` the engine supplies; throws
   * when the server cannot be asked.
   */
  discoverModels?(fetchJson: DiscoveryFetch): Promise<readonly DiscoveredModel[]>;
  /** Rewrites a successful non-streaming body; absent means bytes pass through unchanged. */
  transformResponse?(body: Uint8Array, call: ChatCall): Uint8Array;
  /** Rewrites a successful SSE body; absent means bytes pass through unchanged. */
  transformStream?(body: AsyncIterable<Uint8Array>, call: ChatCall): AsyncIterable<Uint8Array>;
  /** Turns an upstream error response into a router error; null passes the upstream's answer back. `headers` are the upstream's (`retry-after`, …). */
  mapError?(status: number, bodyText: string, call: ChatCall | PassthroughCall, headers?: UpstreamResponse['headers']): RouterError | null;
}

/** Creates provider instances of one type. */
export interface ProviderAdapter<TConfig = unknown> {
  /** Interface version; bumped on breaking changes. */
  readonly specificationVersion: 'v1';
  /** Type name stored on the provider, e.g. `openai-compatible`. */
  readonly type: string;
  /** One line for `provider-cli` and docs. */
  readonly description: string;
  /** Validates the provider's configuration. */
  readonly configSchema: z.ZodType<TConfig>;
  /** Builds a ready instance from validated configuration. */
  create(options: { id: string; config: TConfig; capabilities?: Readonly<Record<string, unknown>> | null }): ProviderInstance;
}
