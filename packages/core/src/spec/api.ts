/**
 * The client-facing APIs the router serves, and a request in a provider's own API
 * passed through with at most its model renamed.
 */

/**
 * An API a client speaks to the router: OpenAI chat completions, Anthropic Messages (and its
 * token counting), OpenAI Responses, embeddings and legacy completions.
 */
export type ClientApi = 'chat' | 'messages' | 'count_tokens' | 'responses' | 'embeddings' | 'completions';

/** Every `ClientApi`, in a stable order. */
export const CLIENT_APIS: readonly ClientApi[] = ['chat', 'messages', 'count_tokens', 'responses', 'embeddings', 'completions'];

/** A request in an API the provider speaks natively (see `ProviderInstance.nativeApis`). */
export interface PassthroughCall {
  /** The client's API, which the provider speaks too. */
  api: ClientApi;
  /** The parsed client body (do not mutate; copy to change). */
  body: Readonly<Record<string, unknown>>;
  /** The client body exactly as received, forwarded unchanged when the model name needs no change. */
  rawBody: string;
  /** The model name to send upstream. */
  model: string;
  /** Whether the client asked for a stream. */
  stream: boolean;
  /** Request headers the API defines and the provider should see (lower-case names, e.g. `anthropic-version`, `anthropic-beta`). */
  headers: Readonly<Record<string, string>>;
  /**
   * The client's query string without its `?` (e.g. `beta=true`, which Anthropic clients add for
   * beta features), for APIs whose query means something to the provider; absent when there is none.
   */
  query?: string;
}
