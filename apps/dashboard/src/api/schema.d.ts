// Generated from the management API's OpenAPI document by scripts/generate-api-types.ts. Do not edit.

export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This document */
        get: operations["getOpenapiJson"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics
         * @description The router's metrics in the Prometheus text format: requests, latency, time to first byte and router overhead histograms, tokens, attempts and retries, requests in flight, circuit state, shadow calls, the request log's queue and counters, the configuration revision and reloads, and Node's process metrics. Guarded like the management API.
         */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/chat/completions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * OpenAI Chat Completions
         * @description Served by the routing engine in the upstream API's own format; see its documentation. Needs a client key (`Authorization: Bearer` or `x-api-key`) when ROUTER_API_KEYS is set.
         */
        post: operations["postChatCompletions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Anthropic Messages
         * @description Served by the routing engine in the upstream API's own format; see its documentation. Needs a client key (`Authorization: Bearer` or `x-api-key`) when ROUTER_API_KEYS is set.
         */
        post: operations["postMessages"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/messages/count_tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Anthropic token counting
         * @description Served by the routing engine in the upstream API's own format; see its documentation. Needs a client key (`Authorization: Bearer` or `x-api-key`) when ROUTER_API_KEYS is set.
         */
        post: operations["postMessagesCountTokens"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/responses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * OpenAI Responses
         * @description Served by the routing engine in the upstream API's own format; see its documentation. Needs a client key (`Authorization: Bearer` or `x-api-key`) when ROUTER_API_KEYS is set.
         */
        post: operations["postResponses"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/embeddings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * OpenAI Embeddings
         * @description Served by the routing engine in the upstream API's own format; see its documentation. Needs a client key (`Authorization: Bearer` or `x-api-key`) when ROUTER_API_KEYS is set.
         */
        post: operations["postEmbeddings"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/completions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * OpenAI Completions (legacy)
         * @description Served by the routing engine in the upstream API's own format; see its documentation. Needs a client key (`Authorization: Bearer` or `x-api-key`) when ROUTER_API_KEYS is set.
         */
        post: operations["postCompletions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * OpenAI (or, with `anthropic-version`, Anthropic) model list, with the catalogue's fields and the router's: provider, and for a local server's model state (loaded, not-loaded, unreachable), context_length, max_context_length, loaded_context_length, model_type
         * @description Served by the routing engine in the upstream API's own format; see its documentation. Needs a client key (`Authorization: Bearer` or `x-api-key`) when ROUTER_API_KEYS is set.
         */
        get: operations["getModels"];
        put?: never;
        /**
         * Create a catalogue model
         * @description `providers` links it to providers at once (each must exist).
         */
        post: operations["postModels"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/models/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * OpenAI (or Anthropic) model
         * @description Served by the routing engine in the upstream API's own format; see its documentation. Needs a client key (`Authorization: Bearer` or `x-api-key`) when ROUTER_API_KEYS is set.
         */
        get: operations["getModelsId"];
        /**
         * Update a catalogue model
         * @description Fields given replace the stored ones; `providers`, when given, replaces the links. `id` in the body must match the path.
         */
        put: operations["putModelsId"];
        post?: never;
        /** Delete a catalogue model */
        delete: operations["deleteModelsId"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/catalogue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The model catalogue
         * @description Every model definition with its provider links, as `POST /v1/models` writes them (`GET /v1/models` is the OpenAI-shaped list clients see).
         */
        get: operations["getCatalogue"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/provider-types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The provider types
         * @description Every provider type the router knows (the generic OpenAI-compatible one, its named presets, and the dedicated adapters), with what a form needs to configure one: the JSON Schema of its `config`, its secret keys, its required keys and its defaults.
         */
        get: operations["getProviderTypes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List providers */
        get: operations["getProviders"];
        put?: never;
        /**
         * Create a provider
         * @description Secrets in `config` are stored as sent and masked on every read. `config` is then checked by the provider type's adapter (e.g. a `baseURL` that is a URL). `health` is a reserved id.
         */
        post: operations["postProviders"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/providers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a provider */
        get: operations["getProvidersId"];
        /**
         * Update a provider, replacing its configuration
         * @description A masked secret sent back keeps the stored one. `id`, `createdAt`, `updatedAt` and `capabilities` are accepted (as a read returns them) and ignored; `id` must match the path.
         */
        put: operations["putProvidersId"];
        post?: never;
        /**
         * Delete a provider
         * @description The active or the default provider is deleted only with `force=true` (otherwise 400 `provider_active`/`provider_default`, as the CLI needs `--force`). The answer also says `wasActive`, `wasDefault`, `mappingsChanged` and `mappingsRemoved`.
         */
        delete: operations["deleteProvidersId"];
        options?: never;
        head?: never;
        /**
         * Update a provider, merging its configuration
         * @description As PUT, but `config` is merged key by key (null removes a key).
         */
        patch: operations["patchProvidersId"];
        trace?: never;
    };
    "/v1/providers/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Probe a provider
         * @description Runs the real probe (models, a chat, streaming, tools) and stores the capabilities it learned. With `stream: true` the answer is `text/event-stream`: `step` events as each step starts and ends, then `result` with the answer below (`error` instead if the result could not be stored).
         */
        post: operations["postProvidersIdTest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/providers/{id}/reload": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reload a provider
         * @description Re-reads the configuration and retires the pooled connections to its origin.
         */
        post: operations["postProvidersIdReload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/providers/{id}/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Enable a provider */
        post: operations["postProvidersIdEnable"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/providers/{id}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Disable a provider */
        post: operations["postProvidersIdDisable"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/providers/{id}/config": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a provider's configuration */
        get: operations["getProvidersIdConfig"];
        /**
         * Replace a provider's configuration
         * @description A masked secret sent back keeps the stored one.
         */
        put: operations["putProvidersIdConfig"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/providers/{id}/config/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Set or remove one configuration key
         * @description `value: null` removes the key.
         */
        patch: operations["patchProvidersIdConfigKey"];
        trace?: never;
    };
    "/v1/providers/{id}/default-model": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a provider's default model */
        get: operations["getProvidersIdDefaultModel"];
        /** Set or clear a provider's default model */
        put: operations["putProvidersIdDefaultModel"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/providers/{id}/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The models linked to a provider
         * @description With the models the provider itself reported, when it was asked, and for a local server (lm-studio, ollama, llama-cpp, vllm) what the last background refresh discovered: each model's load state and context lengths.
         */
        get: operations["getProvidersIdModels"];
        put?: never;
        /** Link a catalogue model to a provider */
        post: operations["postProvidersIdModels"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/providers/{id}/models/{modelId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Unlink a model from a provider */
        delete: operations["deleteProvidersIdModelsModelId"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every setting */
        get: operations["getSettings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/settings/active-provider": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The active provider */
        get: operations["getSettingsActiveProvider"];
        /**
         * Set the active provider
         * @description null clears it. The provider must exist.
         */
        put: operations["putSettingsActiveProvider"];
        post?: never;
        /** Clear the active provider */
        delete: operations["deleteSettingsActiveProvider"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/settings/default-provider": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The default (fallback) provider */
        get: operations["getSettingsDefaultProvider"];
        /**
         * Set the default provider
         * @description null clears it. The provider must exist.
         */
        put: operations["putSettingsDefaultProvider"];
        post?: never;
        /** Clear the default provider */
        delete: operations["deleteSettingsDefaultProvider"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/settings/tuning": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tunable settings */
        get: operations["getSettingsTuning"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/settings/tuning/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One tunable setting */
        get: operations["getSettingsTuningKey"];
        /**
         * Set a tunable setting
         * @description The value is checked against the setting's own rule (see its description).
         */
        put: operations["putSettingsTuningKey"];
        post?: never;
        /** Reset a tunable setting to its default */
        delete: operations["deleteSettingsTuningKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/mappings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List model mappings */
        get: operations["getMappings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/mappings/{model}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a model mapping */
        get: operations["getMappingsModel"];
        /**
         * Set a model mapping
         * @description The targets in order; every provider must exist. `model` and `source` are accepted (as a read returns them); `model` must match the path.
         */
        put: operations["putMappingsModel"];
        post?: never;
        /** Delete a model mapping */
        delete: operations["deleteMappingsModel"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/route-options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List route options
         * @description Every route (requested model name) with stickiness or shadow traffic.
         */
        get: operations["getRouteOptions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/route-options/{model}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a route's options
         * @description A route with none answers the defaults.
         */
        get: operations["getRouteOptionsModel"];
        put?: never;
        post?: never;
        /**
         * Reset a route's options
         * @description No stickiness, no shadow traffic.
         */
        delete: operations["deleteRouteOptionsModel"];
        options?: never;
        head?: never;
        /**
         * Change a route's options
         * @description Stickiness of the route's weighted split and its shadow traffic. Fields given replace the stored ones; null returns one to its default. Everything is checked (every shadow provider must exist; a percent above 0 needs a shadow target) before the one write.
         */
        patch: operations["patchRouteOptionsModel"];
        trace?: never;
    };
    "/v1/prices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List price overrides
         * @description The user's prices per model (they win over the bundled price list; a provider's own reported cost wins over both), and the bundled list's source and date. With `model`, also what the bundled list has for that model (`bundled`, null when it does not know it).
         */
        get: operations["getPrices"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/prices/{model}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a model's price override */
        get: operations["getPricesModel"];
        /**
         * Set a model's price override
         * @description US dollars per million tokens. `model` matches the log's upstream model name, or the requested name. Recorded in the history; the log prices requests with it from now on.
         */
        put: operations["putPricesModel"];
        post?: never;
        /** Remove a model's price override */
        delete: operations["deletePricesModel"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The request log
         * @description Newest first, paged, filtered; without the bodies.
         */
        get: operations["getRequests"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/requests/{id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a logged request again to another target
         * @description Through this router, pinned to the target (no other provider is tried), a stream as a stream read to its end. The answer is logged as a new row with `pairRole` `replay` and `pairId` the logged request's id.
         */
        post: operations["postRequestsIdReplay"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/replay/candidates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The logged requests a replay would send
         * @description Requests the provider `from` answered, or the route `from` (a requested model name) received, since `since`, with a whole body in the log (the others are counted in `skipped`), oldest first; never shadow or replay rows. The target (`to`) is checked first: 404 for an unknown provider, 400 for a disabled one.
         */
        get: operations["getReplayCandidates"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/requests/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One logged request */
        get: operations["getRequestsId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Aggregates over the log
         * @description Per endpoint, provider and model; the last 24 hours unless `since`/`until` say otherwise.
         */
        get: operations["getStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stats/series": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Aggregates over the log in time buckets
         * @description For charts: the last hour unless `since`/`until` say otherwise, in buckets of `bucket` aligned to multiples of it, grouped by `group`. Buckets without requests are left out. `overheadMs` is the router's own share of the time to first byte (less upstream and backoff waits), from the stored attempts.
         */
        get: operations["getStatsSeries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stats/targets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Per-arm stats of routes
         * @description Each route's live traffic by the target that answered it (provider and upstream model): requests, success rate, latency and time to first token percentiles, tokens and cost; shadow and replay rows are left out. The last 24 hours unless `since`/`until` say otherwise.
         */
        get: operations["getStatsTargets"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/shadow-report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Shadow and replay pairs side by side
         * @description Live requests beside their shadow (and replay) rows, newest first: each side's latency, time to first token, tokens, cost and answer, and their agreement (exact match, normalised edit similarity, same tool calls), with a summary over the pairs listed. The last 24 hours unless `since`/`until` say otherwise.
         */
        get: operations["getShadowReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stats/scorecard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The scorecard: how each provider and model served
         * @description Per provider and model (the name sent upstream), from the log of the last 7 days unless `since`/`until` say otherwise: requests (upstream calls, failed-over ones included), success and empty-answer rates, time to first token p50/p95 (streamed answers without a cold start), decode tokens per second, prompt tokens per second (prompt tokens over the time to first token: an approximation), cold starts with mean and longest load time, and cost (null when unknown, never 0 for unknown). `local` marks local model servers.
         */
        get: operations["getStatsScorecard"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Configuration history */
        get: operations["getHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/compare": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Recent comparisons
         * @description From the request log, newest first; a comparison lasts as long as the log keeps its rows.
         */
        get: operations["getCompare"];
        put?: never;
        /**
         * Compare targets side by side
         * @description Sends one chat request to 2–6 `<provider-id>/<model>` targets at once (each pinned, no fallback, streamed) and answers `text/event-stream`: `start` {compareId, targets}; per target `delta` {target, text | reasoning | tool_call} and one `done` {target, status, httpStatus, requestId, ttftMs, totalMs, tokensPerSecond, usage, finishReason, error?}; then `end`. Every target is checked before anything is sent. The legs are logged with the comparison id as their client request id.
         */
        post: operations["postCompare"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/compare/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One comparison */
        get: operations["getCompareId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List client keys
         * @description Every client key with its limits and what it used in its current budget period (never a key's value).
         */
        get: operations["getKeys"];
        put?: never;
        /**
         * Create a client key
         * @description The answer carries the key's `value`, this once: the router stores only its SHA-256. Clients send it as `Authorization: Bearer <value>` or `x-api-key: <value>`.
         */
        post: operations["postKeys"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a client key
         * @description By id or name, with its usage this period and when it was last used.
         */
        get: operations["getKeysId"];
        put?: never;
        post?: never;
        /**
         * Delete a client key
         * @description With its usage records; logged requests keep its id.
         */
        delete: operations["deleteKeysId"];
        options?: never;
        head?: never;
        /**
         * Change a client key
         * @description The fields given replace the stored ones; null removes a limit.
         */
        patch: operations["patchKeysId"];
        trace?: never;
    };
    "/v1/keys/{id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke a client key
         * @description A running router refuses it within a second. `changed` is false when it was already revoked.
         */
        post: operations["postKeysIdRevoke"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys/{id}/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate a client key
         * @description A new value, returned this once; the old one is refused from then on. The key keeps its id, limits and usage.
         */
        post: operations["postKeysIdRotate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/providers/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Check every enabled provider
         * @description Calls each enabled provider's models endpoint in parallel, each bounded by `timeoutMs`.
         */
        get: operations["getProvidersHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/requests/tail": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The live request log (server-sent events)
         * @description From memory, never the database. `event: ready` once subscribed; then `event: request` per request (`id:` its request id), with `phase` `started` when a response starts flowing and `finished` when it is over; `: keep-alive` comments on a quiet tail; `event: end` (`reason` `slow_viewer` or `server_shutting_down`) when the server ends it. A bad filter or an unknown parameter is a 400 before the stream starts.
         */
        get: operations["getRequestsTail"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Error: {
            error: {
                /** @description What went wrong, for a person. */
                message: string;
                /** @description invalid_request_error, authentication_error, permission_error, not_found_error, api_error, … */
                type: string;
                /** @description The field, query parameter or path parameter at fault (`targets[0].providerId` style), or null. */
                param: string | null;
                /** @description A stable machine-readable code (`invalid_value`, `unknown_field`, `provider_not_found`, …), or null. */
                code: string | null;
            };
        };
    };
    responses: {
        /** @description A bad path parameter, query parameter or body (not JSON, nested too deep, an unknown field, a bad value): `param` names the field. */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description ADMIN_API_KEY is set and the request has no `Authorization: Bearer` key or a wrong one. */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Without ADMIN_API_KEY: the client is not on a loopback address, or the Host is neither a loopback name nor in ALLOWED_HOSTS; always: a cross-origin browser request. */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The provider, model, mapping, setting or request does not exist. */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The body is larger than 1048576 bytes. */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description A write whose Content-Type is not JSON. */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Any other error, in the same shape. */
        Error: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The server is up. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        status: "ok";
                        version: string;
                        /** @description Seconds since the server started. */
                        uptime: number;
                        /** @description Whether management routes need `Authorization: Bearer <ADMIN_API_KEY>`. */
                        adminKeyRequired: boolean;
                        /** @description The circuit of every provider that failed recently. */
                        circuits?: {
                            [key: string]: {
                                /**
                                 * @description `closed` (normal), `open` (cooling down, skipped) or `half_open` (cooled; the next request probes it).
                                 * @enum {string}
                                 */
                                state: "closed" | "open" | "half_open";
                                /** @description Consecutive failures counted while closed. */
                                failures: number;
                                /** @description How many times in a row the circuit has opened. */
                                opens: number;
                                /** @description Milliseconds of cool-down left (0 unless open). */
                                retryInMs: number;
                            } & {
                                [key: string]: unknown;
                            };
                        };
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    getOpenapiJson: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The management API as OpenAPI 3.1. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The metrics. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain; version=0.0.4": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Error"];
        };
    };
    postChatCompletions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description As the upstream API. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error in the shape the API's clients expect (OpenAI's, or Anthropic's on the Messages routes). */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    postMessages: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description As the upstream API. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error in the shape the API's clients expect (OpenAI's, or Anthropic's on the Messages routes). */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    postMessagesCountTokens: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description As the upstream API. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error in the shape the API's clients expect (OpenAI's, or Anthropic's on the Messages routes). */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    postResponses: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description As the upstream API. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error in the shape the API's clients expect (OpenAI's, or Anthropic's on the Messages routes). */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    postEmbeddings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description As the upstream API. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error in the shape the API's clients expect (OpenAI's, or Anthropic's on the Messages routes). */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    postCompletions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description As the upstream API. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error in the shape the API's clients expect (OpenAI's, or Anthropic's on the Messages routes). */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getModels: {
        parameters: {
            query?: {
                capability?: string;
                pinned?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description As the upstream API. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error in the shape the API's clients expect (OpenAI's, or Anthropic's on the Messages routes). */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    postModels: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** @description A model id: 1-128 characters of letters, digits and . _ : / - (starting with a letter or digit). */
                    id: string;
                    name?: string | null;
                    displayName?: string | null;
                    description?: string | null;
                    capabilities?: string[];
                    contextLength?: number | null;
                    providers?: {
                        /** @description A provider id: 1-64 characters of letters, digits and . _ - (starting with a letter or digit). */
                        providerId: string;
                        upstreamModel?: string | null;
                        priority?: number;
                    }[];
                };
            };
        };
        responses: {
            /** @description The created model. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Error"];
        };
    };
    getModelsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A model id. It may contain `/`. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description As the upstream API. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error in the shape the API's clients expect (OpenAI's, or Anthropic's on the Messages routes). */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    putModelsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A model id. It may contain `/` (sent as is, not percent-encoded). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    id?: string;
                    name?: string | null;
                    displayName?: string | null;
                    description?: string | null;
                    capabilities?: string[];
                    contextLength?: number | null;
                    providers?: {
                        /** @description A provider id: 1-64 characters of letters, digits and . _ - (starting with a letter or digit). */
                        providerId: string;
                        upstreamModel?: string | null;
                        priority?: number;
                    }[];
                    createdAt?: unknown;
                    updatedAt?: unknown;
                };
            };
        };
        responses: {
            /** @description The updated model. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Error"];
        };
    };
    deleteModelsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A model id. It may contain `/` (sent as is, not percent-encoded). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The removed model with `deleted: true`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["Error"];
        };
    };
    getCatalogue: {
        parameters: {
            query?: {
                capability?: string;
                /** @description A provider id: 1-64 characters of letters, digits and . _ - (starting with a letter or digit). */
                provider?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The definitions. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Error"];
        };
    };
    getProviderTypes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The provider types. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        object: "list";
                        data: {
                            /** @description The type name a provider is created with (`type`). */
                            type: string;
                            description: string;
                            /** @description The JSON Schema (2020-12) of the `config` object, as the adapter validates it (input side); secret fields carry `secret: true`. null when the adapter's schema cannot be described. */
                            configSchema: {
                                [key: string]: unknown;
                            } | null;
                            /** @description Config keys whose values are secrets: masked on every read; a mask sent back keeps the stored value. */
                            secretKeys: string[];
                            /** @description Config keys that must be given. */
                            required: string[];
                            /** @description The value each defaulted key takes when left out. */
                            defaults: {
                                [key: string]: unknown;
                            };
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Error"];
        };
    };
    getProviders: {
        parameters: {
            query?: {
                type?: string;
                enabled?: "0" | "1" | "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The providers, secrets masked. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        object: "list";
                        data: ({
                            id: string;
                            name: string;
                            type: string;
                            enabled: boolean;
                            priority: number;
                            defaultModel: string | null;
                            /** @description What the last test learned, or null. */
                            capabilities: {
                                [key: string]: unknown;
                            } | null;
                            /** @description The configuration, every secret masked (`••••` and the last 4 characters). */
                            config: {
                                [key: string]: unknown;
                            };
                            createdAt: number;
                            updatedAt: number;
                        } & {
                            [key: string]: unknown;
                        })[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Error"];
        };
    };
    postProviders: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** @description A provider id: 1-64 characters of letters, digits and . _ - (starting with a letter or digit). */
                    id: string;
                    name?: string;
                    /** @default openai-compatible */
                    type?: string;
                    enabled?: boolean;
                    priority?: number;
                    defaultModel?: string | null;
                    config?: {
                        [key: string]: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description The created provider, secrets masked. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Error"];
        };
    };
    getProvidersId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A provider id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The provider, secrets masked. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        name: string;
                        type: string;
                        enabled: boolean;
                        priority: number;
                        defaultModel: string | null;
                        /** @description What the last test learned, or null. */
                        capabilities: {
                            [key: string]: unknown;
                        } | null;
                        /** @description The configuration, every secret masked (`••••` and the last 4 characters). */
                        config: {
                            [key: string]: unknown;
                        };
                        createdAt: number;
                        updatedAt: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["Error"];
        };
    };
    putProvidersId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A provider id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    id?: string;
                    name?: string;
                    type?: string;
                    enabled?: boolean;
                    priority?: number;
                    defaultModel?: string | null;
                    config?: {
                        [key: string]: unknown;
                    };
                    createdAt?: unknown;
                    updatedAt?: unknown;
                    capabilities?: unknown;
                };
            };
        };
        responses: {
            /** @description The updated provider, secrets masked. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Error"];
        };
    };
    deleteProvidersId: {
        parameters: {
            query?: {
                force?: "0" | "1" | "true" | "false";
            };
            header?: never;
            path: {
                /** @description A provider id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The removed provider with `deleted: true`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["Error"];
        };
    };
    patchProvidersId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A provider id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    id?: string;
                    name?: string;
                    type?: string;
                    enabled?: boolean;
                    priority?: number;
                    defaultModel?: string | null;
                    config?: {
                        [key: string]: unknown;
                    };
                    createdAt?: unknown;
                    updatedAt?: unknown;
                    capabilities?: unknown;
                };
            };
        };
        responses: {
            /** @description The updated provider, secrets masked. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Error"];
        };
    };
    postProvidersIdTest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A provider id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** @description A model id: 1-128 characters of letters, digits and . _ : / - (starting with a letter or digit). */
                    model?: string;
                    timeoutMs?: number;
                    skipTools?: boolean;
                    /** @description Answer with server-sent events as the probe runs: `step` ({phase: `started`, name}, then {phase: `finished`, name, ok, latencyMs, error?, detail?, skipped?}) per step, then one `result` (the answer without `stream`). */
                    stream?: boolean;
                };
            };
        };
        responses: {
            /** @description The probe's result. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Error"];
        };
    };
    postProvidersIdReload: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A provider id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description What was done. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Error"];
        };
    };
    postProvidersIdEnable: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A provider id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The provider, secrets masked. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Error"];
        };
    };
    postProvidersIdDisable: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A provider id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The provider, secrets masked. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Error"];
        };
    };
    getProvidersIdConfig: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A provider id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The configuration, secrets masked. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["Error"];
        };
    };
    putProvidersIdConfig: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A provider id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The configuration, secrets masked. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Error"];
        };
    };
    patchProvidersIdConfigKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A provider id. */
                id: string;
                /** @description A configuration key. */
                key: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    value: unknown;
                };
            };
        };
        responses: {
            /** @description The configuration, secrets masked. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Error"];
        };
    };
    getProvidersIdDefaultModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A provider id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The default model. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        providerId?: string;
                        model?: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["Error"];
        };
    };
    putProvidersIdDefaultModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A provider id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    model: string | null;
                };
            };
        };
        responses: {
            /** @description The default model. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        providerId?: string;
                        model?: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Error"];
        };
    };
    getProvidersIdModels: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A provider id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The links. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["Error"];
        };
    };
    postProvidersIdModels: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A provider id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** @description A model id: 1-128 characters of letters, digits and . _ : / - (starting with a letter or digit). */
                    modelId: string;
                    upstreamModel?: string | null;
                    priority?: number;
                };
            };
        };
        responses: {
            /** @description The link. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        providerId?: string;
                        modelId?: string;
                        upstreamModel?: string | null;
                        priority?: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Error"];
        };
    };
    deleteProvidersIdModelsModelId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A provider id. */
                id: string;
                /** @description A model id. It may contain `/` (sent as is, not percent-encoded). */
                modelId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The removed link with `deleted: true`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["Error"];
        };
    };
    getSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The settings. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        activeProvider: {
                            /** @description What the database says (null: nothing stored). */
                            providerId: string | null;
                            /** @description What the router uses now (the legacy DEFAULT_PROVIDER fills in when the database says nothing). */
                            effective: string | null;
                            source: ("database" | "env") | null;
                        } & {
                            [key: string]: unknown;
                        };
                        defaultProvider: {
                            /** @description What the database says (null: nothing stored). */
                            providerId: string | null;
                            /** @description What the router uses now (the legacy DEFAULT_PROVIDER fills in when the database says nothing). */
                            effective: string | null;
                            source: ("database" | "env") | null;
                        } & {
                            [key: string]: unknown;
                        };
                        /** @description Every stored setting by key. */
                        values: {
                            [key: string]: unknown;
                        };
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Error"];
        };
    };
    getSettingsActiveProvider: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The setting. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description What the database says (null: nothing stored). */
                        providerId: string | null;
                        /** @description What the router uses now (the legacy DEFAULT_PROVIDER fills in when the database says nothing). */
                        effective: string | null;
                        source: ("database" | "env") | null;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Error"];
        };
    };
    putSettingsActiveProvider: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    providerId: string | null;
                };
            };
        };
        responses: {
            /** @description The setting. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description What the database says (null: nothing stored). */
                        providerId: string | null;
                        /** @description What the router uses now (the legacy DEFAULT_PROVIDER fills in when the database says nothing). */
                        effective: string | null;
                        source: ("database" | "env") | null;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Error"];
        };
    };
    deleteSettingsActiveProvider: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The setting. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description What the database says (null: nothing stored). */
                        providerId: string | null;
                        /** @description What the router uses now (the legacy DEFAULT_PROVIDER fills in when the database says nothing). */
                        effective: string | null;
                        source: ("database" | "env") | null;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Error"];
        };
    };
    getSettingsDefaultProvider: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The setting. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description What the database says (null: nothing stored). */
                        providerId: string | null;
                        /** @description What the router uses now (the legacy DEFAULT_PROVIDER fills in when the database says nothing). */
                        effective: string | null;
                        source: ("database" | "env") | null;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Error"];
        };
    };
    putSettingsDefaultProvider: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    providerId: string | null;
                };
            };
        };
        responses: {
            /** @description The setting. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description What the database says (null: nothing stored). */
                        providerId: string | null;
                        /** @description What the router uses now (the legacy DEFAULT_PROVIDER fills in when the database says nothing). */
                        effective: string | null;
                        source: ("database" | "env") | null;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Error"];
        };
    };
    deleteSettingsDefaultProvider: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The setting. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description What the database says (null: nothing stored). */
                        providerId: string | null;
                        /** @description What the router uses now (the legacy DEFAULT_PROVIDER fills in when the database says nothing). */
                        effective: string | null;
                        source: ("database" | "env") | null;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Error"];
        };
    };
    getSettingsTuning: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every tunable setting with its value and description. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        object?: "list";
                        data?: Record<string, never>[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Error"];
        };
    };
    getSettingsTuningKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A tunable setting. */
                key: "retry_attempts" | "retry_max_attempts" | "retry_backoff_ms" | "retry_backoff_max_ms" | "retry_after_max_ms" | "request_deadline_ms" | "breaker_failures" | "breaker_cooldown_ms" | "breaker_cooldown_max_ms" | "request_timeout_ms" | "cold_start_timeout_ms" | "fallback_providers" | "models_list_pinned" | "failover_on_invalid_tool_call" | "responses_hosted_tools" | "log_max_age_days" | "log_max_rows" | "log_max_mb" | "log_bodies";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The setting. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        key?: string;
                        /** @description The stored value, or null for the built-in default. */
                        value?: unknown;
                        description?: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["Error"];
        };
    };
    putSettingsTuningKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A tunable setting. */
                key: "retry_attempts" | "retry_max_attempts" | "retry_backoff_ms" | "retry_backoff_max_ms" | "retry_after_max_ms" | "request_deadline_ms" | "breaker_failures" | "breaker_cooldown_ms" | "breaker_cooldown_max_ms" | "request_timeout_ms" | "cold_start_timeout_ms" | "fallback_providers" | "models_list_pinned" | "failover_on_invalid_tool_call" | "responses_hosted_tools" | "log_max_age_days" | "log_max_rows" | "log_max_mb" | "log_bodies";
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    value: string | number;
                };
            };
        };
        responses: {
            /** @description The setting. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        key?: string;
                        /** @description The stored value, or null for the built-in default. */
                        value?: unknown;
                        description?: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Error"];
        };
    };
    deleteSettingsTuningKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A tunable setting. */
                key: "retry_attempts" | "retry_max_attempts" | "retry_backoff_ms" | "retry_backoff_max_ms" | "retry_after_max_ms" | "request_deadline_ms" | "breaker_failures" | "breaker_cooldown_ms" | "breaker_cooldown_max_ms" | "request_timeout_ms" | "cold_start_timeout_ms" | "fallback_providers" | "models_list_pinned" | "failover_on_invalid_tool_call" | "responses_hosted_tools" | "log_max_age_days" | "log_max_rows" | "log_max_mb" | "log_bodies";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The setting with `deleted: true`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        key?: string;
                        /** @description The stored value, or null for the built-in default. */
                        value?: unknown;
                        description?: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["Error"];
        };
    };
    getMappings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The mappings. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        object?: "list";
                        data?: Record<string, never>[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Error"];
        };
    };
    getMappingsModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A model id. It may contain `/` (sent as is, not percent-encoded). */
                model: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The mapping. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["Error"];
        };
    };
    putMappingsModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A model id. It may contain `/` (sent as is, not percent-encoded). */
                model: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    model?: string;
                    targets: {
                        /** @description A provider id: 1-64 characters of letters, digits and . _ - (starting with a letter or digit). */
                        providerId: string;
                        model?: string | null;
                        weight?: number;
                        priority?: number;
                    }[];
                    source?: unknown;
                };
            };
        };
        responses: {
            /** @description The mapping. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Error"];
        };
    };
    deleteMappingsModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A model id. It may contain `/` (sent as is, not percent-encoded). */
                model: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The removed mapping with `deleted: true`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["Error"];
        };
    };
    getRouteOptions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The route options. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        object: "list";
                        data: ({
                            /** @description The route: a requested model name. */
                            model: string;
                            /** @description `header:<name>`, `user`, `first-message`, or null for none. */
                            stickiness: string | null;
                            /** @description Share of requests mirrored to the shadow targets, 0–100. */
                            shadowPercent: number;
                            /** @description Shadow calls per minute at most (null: the server's default). */
                            shadowPerMinute: number | null;
                            /** @description Milliseconds before a shadow call is cancelled (null: the server's default). */
                            shadowTimeoutMs: number | null;
                            /** @description Where shadow calls go (model null: the primary's upstream model). */
                            shadowTargets: ({
                                providerId: string;
                                model: string | null;
                            } & {
                                [key: string]: unknown;
                            })[];
                        } & {
                            [key: string]: unknown;
                        })[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Error"];
        };
    };
    getRouteOptionsModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A model id. It may contain `/` (sent as is, not percent-encoded). */
                model: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The route options. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The route: a requested model name. */
                        model: string;
                        /** @description `header:<name>`, `user`, `first-message`, or null for none. */
                        stickiness: string | null;
                        /** @description Share of requests mirrored to the shadow targets, 0–100. */
                        shadowPercent: number;
                        /** @description Shadow calls per minute at most (null: the server's default). */
                        shadowPerMinute: number | null;
                        /** @description Milliseconds before a shadow call is cancelled (null: the server's default). */
                        shadowTimeoutMs: number | null;
                        /** @description Where shadow calls go (model null: the primary's upstream model). */
                        shadowTargets: ({
                            providerId: string;
                            model: string | null;
                        } & {
                            [key: string]: unknown;
                        })[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["Error"];
        };
    };
    deleteRouteOptionsModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A model id. It may contain `/` (sent as is, not percent-encoded). */
                model: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The default options with `deleted: true`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The route: a requested model name. */
                        model: string;
                        /** @description `header:<name>`, `user`, `first-message`, or null for none. */
                        stickiness: string | null;
                        /** @description Share of requests mirrored to the shadow targets, 0–100. */
                        shadowPercent: number;
                        /** @description Shadow calls per minute at most (null: the server's default). */
                        shadowPerMinute: number | null;
                        /** @description Milliseconds before a shadow call is cancelled (null: the server's default). */
                        shadowTimeoutMs: number | null;
                        /** @description Where shadow calls go (model null: the primary's upstream model). */
                        shadowTargets: ({
                            providerId: string;
                            model: string | null;
                        } & {
                            [key: string]: unknown;
                        })[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["Error"];
        };
    };
    patchRouteOptionsModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A model id. It may contain `/` (sent as is, not percent-encoded). */
                model: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** @description `header:<name>` (e.g. `header:x-router-session`), `user`, `first-message`, or `none`/null for none. */
                    stickiness?: string | null;
                    /** @description Share of the route's requests mirrored to its shadow targets, 0–100 (null: 0). */
                    shadowPercent?: number | null;
                    /** @description At most this many shadow calls per minute (null: the server's default). */
                    shadowPerMinute?: number | null;
                    /** @description A shadow call still running after this many milliseconds is cancelled (null: the server's default). */
                    shadowTimeoutMs?: number | null;
                    /** @description Replaces the shadow targets, in order (empty or null: none); every provider must exist. */
                    shadowTargets?: {
                        /** @description A provider id: 1-64 characters of letters, digits and . _ - (starting with a letter or digit). */
                        providerId: string;
                        /** @description The model to ask for (absent: the upstream model the primary was asked for). */
                        model?: string | null;
                    }[] | null;
                    /** @description Accepted as a read returns it; must match the path. */
                    model?: string;
                };
            };
        };
        responses: {
            /** @description The route options as stored. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The route: a requested model name. */
                        model: string;
                        /** @description `header:<name>`, `user`, `first-message`, or null for none. */
                        stickiness: string | null;
                        /** @description Share of requests mirrored to the shadow targets, 0–100. */
                        shadowPercent: number;
                        /** @description Shadow calls per minute at most (null: the server's default). */
                        shadowPerMinute: number | null;
                        /** @description Milliseconds before a shadow call is cancelled (null: the server's default). */
                        shadowTimeoutMs: number | null;
                        /** @description Where shadow calls go (model null: the primary's upstream model). */
                        shadowTargets: ({
                            providerId: string;
                            model: string | null;
                        } & {
                            [key: string]: unknown;
                        })[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Error"];
        };
    };
    getPrices: {
        parameters: {
            query?: {
                /** @description Also say what the bundled price list has for this model (`bundled`). */
                model?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The overrides. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        object: "list";
                        data: ({
                            model: string;
                            inputPerMillion: number;
                            outputPerMillion: number;
                            /** @description Null: cached prompt tokens cost what other input does. */
                            cachedInputPerMillion: number | null;
                            updatedAt: number;
                        } & {
                            [key: string]: unknown;
                        })[];
                        /** @description The bundled price list: where it comes from and its date. */
                        catalogue: {
                            source: string;
                            date: string;
                        } & {
                            [key: string]: unknown;
                        };
                        /** @description With `?model=`: what the bundled list has for it (null: it does not know it). */
                        bundled?: ({
                            /** @description The model as the list names it. */
                            model: string;
                            provider: string;
                            inputPerMillion: number | null;
                            outputPerMillion: number | null;
                            cachedInputPerMillion: number | null;
                            /** @description The price depends on the request (tiers or dates): no single rate to show. */
                            tiered: boolean;
                        } & {
                            [key: string]: unknown;
                        }) | null;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Error"];
        };
    };
    getPricesModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A model id. It may contain `/` (sent as is, not percent-encoded). */
                model: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The override. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        model: string;
                        inputPerMillion: number;
                        outputPerMillion: number;
                        /** @description Null: cached prompt tokens cost what other input does. */
                        cachedInputPerMillion: number | null;
                        updatedAt: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["Error"];
        };
    };
    putPricesModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A model id. It may contain `/` (sent as is, not percent-encoded). */
                model: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** @description Accepted as a read returns it; must match the path. */
                    model?: string;
                    /** @description US dollars per million prompt tokens. */
                    inputPerMillion: number;
                    /** @description US dollars per million completion tokens. */
                    outputPerMillion: number;
                    /** @description US dollars per million cached prompt tokens; null or absent: priced as other input. */
                    cachedInputPerMillion?: number | null;
                    updatedAt?: unknown;
                };
            };
        };
        responses: {
            /** @description The override. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        model: string;
                        inputPerMillion: number;
                        outputPerMillion: number;
                        /** @description Null: cached prompt tokens cost what other input does. */
                        cachedInputPerMillion: number | null;
                        updatedAt: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Error"];
        };
    };
    deletePricesModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A model id. It may contain `/` (sent as is, not percent-encoded). */
                model: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The removed override with `deleted: true`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        model: string;
                        inputPerMillion: number;
                        outputPerMillion: number;
                        /** @description Null: cached prompt tokens cost what other input does. */
                        cachedInputPerMillion: number | null;
                        updatedAt: number;
                        /** @constant */
                        deleted: true;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["Error"];
        };
    };
    getRequests: {
        parameters: {
            query?: {
                endpoint?: string;
                provider?: string;
                model?: string;
                since?: string;
                until?: string;
                requestId?: string;
                status?: string;
                limit?: number;
                offset?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of log rows. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        object: "list";
                        data: ({
                            id: string;
                            clientRequestId: string | null;
                            createdAt: number;
                            endpoint: string;
                            providerId: string | null;
                            model: string | null;
                            upstreamModel: string | null;
                            stream: boolean;
                            status: number;
                            /** @description success, error, client_closed or stream_error. */
                            outcome: string;
                            errorCode: string | null;
                            errorMessage: string | null;
                            durationMs: number;
                            ttfbMs: number | null;
                            promptTokens: number | null;
                            completionTokens: number | null;
                            totalTokens: number | null;
                            finishReason: string | null;
                            truncated: boolean;
                            responseBytes: number | null;
                            /** @description When the answering attempt met a local model that was not loaded: its load time in ms (time to its answer). */
                            coldStartMs?: number | null;
                            /** @description Which router served the request (`ROUTER_INSTANCE_ID`, default hostname:pid), when several share one database. */
                            instanceId?: string | null;
                            /** @description How many attempts were made. */
                            attempts: number;
                        } & {
                            [key: string]: unknown;
                        })[];
                        total: number;
                        limit: number;
                        offset: number;
                        hasMore: boolean;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Error"];
        };
    };
    postRequestsIdReplay: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A request id (the `x-request-id` the answer carried): letters, digits and . _ : @ / + = -. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** @description The provider to send the logged requests to (pinned: no other is tried). */
                    providerId: string;
                    /** @description The model to ask it for; absent: each logged request's own. */
                    model?: string | null;
                };
            };
        };
        responses: {
            /** @description How it went. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Error"];
        };
    };
    getReplayCandidates: {
        parameters: {
            query: {
                /** @description A provider id (the requests it answered) or a route, the requested model name (the requests it received). */
                from: string;
                /** @description Epoch ms, an ISO date, or a span back from now (default 24h). */
                since?: string;
                /** @description At most this many, the newest. */
                limit?: number;
                /** @description The target provider: checked before anything is listed. */
                to: string;
                /** @description The target model. */
                model?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The requests, without their bodies. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Error"];
        };
    };
    getRequestsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A request id (the `x-request-id` the answer carried): letters, digits and . _ : @ / + = -. It may contain `/` (sent as is, not percent-encoded). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The log row with its bodies (redacted when written) and every attempt. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        clientRequestId: string | null;
                        createdAt: number;
                        endpoint: string;
                        providerId: string | null;
                        model: string | null;
                        upstreamModel: string | null;
                        stream: boolean;
                        status: number;
                        /** @description success, error, client_closed or stream_error. */
                        outcome: string;
                        errorCode: string | null;
                        errorMessage: string | null;
                        durationMs: number;
                        ttfbMs: number | null;
                        promptTokens: number | null;
                        completionTokens: number | null;
                        totalTokens: number | null;
                        finishReason: string | null;
                        truncated: boolean;
                        responseBytes: number | null;
                        /** @description When the answering attempt met a local model that was not loaded: its load time in ms (time to its answer). */
                        coldStartMs?: number | null;
                        /** @description Which router served the request (`ROUTER_INSTANCE_ID`, default hostname:pid), when several share one database. */
                        instanceId?: string | null;
                        /** @description What the request cost in US dollars; null when unknown (never 0 for unknown). */
                        cost: number | null;
                        /** @description `upstream`: the provider reported it; `override`: tokens at your price for the model; `catalogue`: tokens at the bundled price list's; null with no cost. */
                        costSource: ("upstream" | "override" | "catalogue") | null;
                        requestBody: string | null;
                        /** @description A JSON answer as sent; a stream's assembled text. */
                        responseBody: string | null;
                        responseReasoning: string | null;
                        /** @description The assembled tool calls (parsed JSON), or null. */
                        responseToolCalls: unknown;
                        responseStream: string | null;
                        attempts: ({
                            providerId: string;
                            model: string;
                            status: number | null;
                            /** @description ok, http_error, connect_error, timeout, client_closed, stream_error, bad_response, empty_answer, invalid_tool_call, context_too_small, skipped, misconfigured, unsupported or local. */
                            outcome: string;
                            error?: string;
                            /** @description Backoff waited before the attempt. */
                            delayMs?: number;
                            durationMs: number;
                            /** @description On the attempt that answered: ms from its start to the upstream's answer. */
                            answeredMs?: number;
                            /** @description When traces are on: the attempt's span id, sent upstream in its traceparent. */
                            spanId?: string;
                            /** @description When traces are on: ms from the request's arrival to the attempt's start. */
                            startMs?: number;
                            api?: string;
                            note?: string;
                            /** @description The target was a local model that was not loaded: the attempt had the cold-start allowance (cold_start_timeout_ms). */
                            coldStart?: boolean;
                            /** @description On a cold start that answered: ms from the attempt's start to the upstream's answer (the load time as the router saw it). */
                            loadMs?: number;
                        } & {
                            [key: string]: unknown;
                        })[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["Error"];
        };
    };
    getStats: {
        parameters: {
            query?: {
                endpoint?: string;
                provider?: string;
                model?: string;
                since?: string;
                until?: string;
                /** @description Only the requests of this client key (its id or name). */
                key?: string;
                /** @description `key` adds `keys`: requests, tokens and spend per client key. */
                by?: "model" | "key";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The aggregates. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        object: "stats";
                        period: {
                            since: number;
                            until: number;
                        } & {
                            [key: string]: unknown;
                        };
                        totals: {
                            requests: number;
                            successes: number;
                            successRate: number | null;
                            promptTokens: number;
                            completionTokens: number;
                            cost: number | null;
                            costedRequests: number;
                        } & {
                            [key: string]: unknown;
                        };
                        data: ({
                            endpoint: string;
                            providerId: string | null;
                            model: string | null;
                            requests: number;
                            successes: number;
                            successRate: number;
                            p50Ms: number | null;
                            p95Ms: number | null;
                            ttfbP50Ms: number | null;
                            ttfbP95Ms: number | null;
                            promptTokens: number;
                            completionTokens: number;
                            /** @description US dollars, summed over the requests whose cost is known (the provider's own figure, else the bundled price list); null when none is. */
                            cost: number | null;
                            /** @description How many requests have a known cost: the others are unknown, not free. */
                            costedRequests: number;
                        } & {
                            [key: string]: unknown;
                        })[];
                        /** @description With `by=key`: requests, tokens and spend per client key, most requests first. */
                        keys?: ({
                            keyId: string;
                            /** @description null: the key has been removed since. */
                            name: string | null;
                            requests: number;
                            successes: number;
                            promptTokens: number;
                            completionTokens: number;
                            /** @description US dollars over the requests whose cost is known; null when none is. */
                            cost: number | null;
                            costedRequests: number;
                            lastUsedAt: number;
                        } & {
                            [key: string]: unknown;
                        })[];
                        /** @description The log writer's counters (rows written, dropped, queued), or null. */
                        log: {
                            [key: string]: unknown;
                        } | null;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Error"];
        };
    };
    getStatsSeries: {
        parameters: {
            query?: {
                endpoint?: string;
                provider?: string;
                model?: string;
                since?: string;
                until?: string;
                /** @description Bucket size: `30s`, `1m`, `15m`, `1h`, `1d` or milliseconds (default: about 60 buckets over the period, at least 1m). */
                bucket?: string;
                /** @description Each bucket as one row (`none`), one per provider, or one per provider and model (default). */
                group?: "none" | "provider" | "model";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The buckets. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        object: "stats.series";
                        period: {
                            since: number;
                            until: number;
                        } & {
                            [key: string]: unknown;
                        };
                        bucketMs: number;
                        /** @enum {string} */
                        group: "none" | "provider" | "model";
                        data: ({
                            /** @description The bucket's start, epoch ms. */
                            bucket: number;
                            providerId: string | null;
                            model: string | null;
                            requests: number;
                            successes: number;
                            /** @description Outcome `error` or `stream_error` (a client that left is not an error). */
                            errors: number;
                            p50Ms: number | null;
                            p95Ms: number | null;
                            /** @description Median time to first byte (first token of a stream). */
                            ttfbP50Ms: number | null;
                            ttfbP95Ms: number | null;
                            promptTokens: number;
                            completionTokens: number;
                            /** @description Output tokens over generation time (a stream's time after its first byte) of successful answers. */
                            tokensPerSecond: number | null;
                            /** @description Mean router overhead: time to first byte less upstream and backoff waits, from the stored attempts. */
                            overheadMs: number | null;
                            overheadSamples: number;
                        } & {
                            [key: string]: unknown;
                        })[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Error"];
        };
    };
    getStatsTargets: {
        parameters: {
            query?: {
                endpoint?: string;
                provider?: string;
                /** @description Only this route (requested model). */
                model?: string;
                since?: string;
                until?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The arms, busiest first. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        object: "stats.targets";
                        period: {
                            since: number;
                            until: number;
                        } & {
                            [key: string]: unknown;
                        };
                        data: ({
                            /** @description The route (requested model). */
                            model: string | null;
                            providerId: string | null;
                            upstreamModel: string | null;
                            requests: number;
                            successes: number;
                            /** @description Successes over requests, 0–1. */
                            successRate: number;
                            p50Ms: number | null;
                            p95Ms: number | null;
                            /** @description Median time to first token (first byte of the answer). */
                            ttftP50Ms: number | null;
                            ttftP95Ms: number | null;
                            promptTokens: number;
                            completionTokens: number;
                            /** @description US dollars over the requests whose cost is known; null when none is. */
                            cost: number | null;
                            costedRequests: number;
                        } & {
                            [key: string]: unknown;
                        })[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Error"];
        };
    };
    getShadowReport: {
        parameters: {
            query?: {
                /** @description Only this route (the requested model of either row). */
                model?: string;
                /** @description Only shadow or only replay pairs (default both). */
                role?: "shadow" | "replay";
                since?: string;
                until?: string;
                /** @description Most pairs listed, newest first; the summary covers the pairs listed. */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The pairs and their summary. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        object: "shadow.report";
                        period: {
                            since: number;
                            until: number;
                        } & {
                            [key: string]: unknown;
                        };
                        /** @description Pairs matching the filters (the list holds at most `limit`). */
                        total: number;
                        summary: {
                            pairs: number;
                            meanSimilarity: number | null;
                            exactMatchRate: number | null;
                            sameToolCallsRate: number | null;
                            bothSucceeded: number;
                            /** @description Mean of the pair's total time less the primary's. */
                            meanLatencyDeltaMs: number | null;
                            meanTtftDeltaMs: number | null;
                            primaryCost: number | null;
                            pairCost: number | null;
                            costDelta: number | null;
                        } & {
                            [key: string]: unknown;
                        };
                        data: ({
                            /** @enum {string} */
                            role: "shadow" | "replay";
                            /** @description The route (requested model). */
                            model: string | null;
                            /** @description The live (or original) request. */
                            primary: {
                                id: string;
                                createdAt: number;
                                providerId: string | null;
                                upstreamModel: string | null;
                                stream: boolean;
                                status: number;
                                outcome: string;
                                errorMessage: string | null;
                                durationMs: number;
                                ttftMs: number | null;
                                promptTokens: number | null;
                                completionTokens: number | null;
                                cost: number | null;
                                /** @description The answer's text, whole. */
                                text: string | null;
                                /** @description The answer's tool calls as JSON (`[{id, name, arguments}]`), or null. */
                                toolCalls: string | null;
                            } & {
                                [key: string]: unknown;
                            };
                            /** @description Its shadow or replay. */
                            pair: {
                                id: string;
                                createdAt: number;
                                providerId: string | null;
                                upstreamModel: string | null;
                                stream: boolean;
                                status: number;
                                outcome: string;
                                errorMessage: string | null;
                                durationMs: number;
                                ttftMs: number | null;
                                promptTokens: number | null;
                                completionTokens: number | null;
                                cost: number | null;
                                /** @description The answer's text, whole. */
                                text: string | null;
                                /** @description The answer's tool calls as JSON (`[{id, name, arguments}]`), or null. */
                                toolCalls: string | null;
                            } & {
                                [key: string]: unknown;
                            };
                            agreement: {
                                /** @description Identical text and tool calls. */
                                exactMatch: boolean;
                                /** @description Normalised edit similarity, 0–1 (NFC, whitespace runs as one space, trimmed). */
                                similarity: number;
                                /** @description Same tool calls (names and parsed arguments, in order); null when neither made one. */
                                sameToolCalls: boolean | null;
                            } & {
                                [key: string]: unknown;
                            };
                        } & {
                            [key: string]: unknown;
                        })[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Error"];
        };
    };
    getStatsScorecard: {
        parameters: {
            query?: {
                provider?: string;
                since?: string;
                until?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The scorecard. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        object: "stats.scorecard";
                        period: {
                            since: number;
                            until: number;
                        } & {
                            [key: string]: unknown;
                        };
                        data: ({
                            providerId: string;
                            /** @description The model name sent upstream. */
                            model: string;
                            /** @description null: the provider has been removed since. */
                            providerType: string | null;
                            /** @description A local model server (lm-studio, ollama, llama-cpp, vllm). */
                            local: boolean;
                            /** @description Upstream calls made to it (attempts, failed-over and retried ones included; skipped targets not counted). */
                            requests: number;
                            /** @description Calls that answered. */
                            successes: number;
                            /** @description Calls the client abandoned (left out of the rates). */
                            clientClosed: number;
                            /** @description successes over the calls not abandoned, 0 to 1 (null: none). */
                            successRate: number | null;
                            /** @description Calls answered with no content, reasoning or tool call (attempt outcome empty_answer). */
                            emptyAnswers: number;
                            /** @description emptyAnswers over the calls not abandoned, 0 to 1 (null: none). */
                            emptyAnswerRate: number | null;
                            /** @description Successful streamed answers without a cold start: the samples of the time to first token. */
                            ttftSamples: number;
                            /** @description Time to first token, median: from the answering call's start to its first content. */
                            ttftP50Ms: number | null;
                            /** @description Time to first token, 95th percentile (nearest rank). */
                            ttftP95Ms: number | null;
                            /** @description Completion tokens over the time after the first byte, successful streamed answers. */
                            decodeTokensPerSecond: number | null;
                            /** @description Prompt tokens over the time to first token (an approximation of prompt processing: network, queueing and the first token are in it). */
                            promptTokensPerSecond: number | null;
                            /** @description Answers that needed the model loaded first. */
                            coldStarts: number;
                            /** @description Mean load time of those. */
                            loadMeanMs: number | null;
                            /** @description Longest load time of those. */
                            loadMaxMs: number | null;
                            /** @description Requests this provider and model answered or ended, any outcome: what cost is counted over. */
                            rows: number;
                            /** @description US dollars over the rows whose cost is known; null when none is (unknown, not free). */
                            cost: number | null;
                            /** @description Rows with a known cost. */
                            costedRequests: number;
                            /** @description Mean known cost per 1,000 requests; null when unknown. */
                            costPer1kRequests: number | null;
                        } & {
                            [key: string]: unknown;
                        })[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Error"];
        };
    };
    getHistory: {
        parameters: {
            query?: {
                limit?: number;
                entity?: "provider" | "model" | "mapping" | "setting" | "route_options" | "price" | "client_key";
                entityId?: string;
                source?: "cli" | "api" | "env" | "migrate" | "system";
                since?: string;
                /** @description Only changes older than this one (an entry's `id`): the next page after a page ending with it. */
                before?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The changes, newest first, secrets masked. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        object?: "list";
                        data?: Record<string, never>[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Error"];
        };
    };
    getCompare: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The comparisons. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        object?: "list";
                        data?: Record<string, never>[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Error"];
        };
    };
    postCompare: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** @description The targets, each `<provider-id>/<model>` of an enabled provider; no target twice. */
                    targets: string[];
                    /** @description OpenAI chat messages (give these or `prompt`). */
                    messages?: ({
                        /** @enum {string} */
                        role: "system" | "developer" | "user" | "assistant" | "tool";
                        content?: unknown;
                    } & {
                        [key: string]: unknown;
                    })[];
                    /** @description A single user message (give this or `messages`). */
                    prompt?: string;
                    /** @description OpenAI tools, sent to every target. */
                    tools?: ({
                        type: string;
                    } & {
                        [key: string]: unknown;
                    })[];
                    max_tokens?: number;
                    temperature?: number;
                };
            };
        };
        responses: {
            /** @description An event stream, its events tagged by target. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": Record<string, never>;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Error"];
        };
    };
    getCompareId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A comparison id (`cmp_…`). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Each leg as the log kept it. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["Error"];
        };
    };
    getKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The keys. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        object: "list";
                        data: ({
                            /** @description The key id (`key_…`): what log rows and stats name the key by. */
                            id: string;
                            name: string;
                            /** @description The key's first characters (`rk-AbCd`), to tell keys apart. */
                            keyPrefix: string;
                            /** @description Models the key may ask for (a trailing `*` matches a prefix); null: any. */
                            models: string[] | null;
                            /** @description Providers the key may be served by; null: any. */
                            providers: string[] | null;
                            rpm: number | null;
                            tpm: number | null;
                            /** @description US dollars per budget period (the key's lifetime without one); null: no limit. */
                            budget: number | null;
                            budgetPeriodMs: number | null;
                            expiresAt: number | null;
                            revokedAt: number | null;
                            createdAt: number;
                            updatedAt: number;
                            /** @enum {string} */
                            status: "active" | "revoked" | "expired";
                            usage: {
                                /** @description Epoch ms the current budget period began (0: the key's lifetime). */
                                periodStart: number;
                                /** @description Epoch ms it ends; null: the key's lifetime. */
                                periodEnd: number | null;
                                requests: number;
                                promptTokens: number;
                                completionTokens: number;
                                /** @description US dollars spent this period (requests whose price is unknown add nothing). */
                                spent: number;
                            } & {
                                [key: string]: unknown;
                            };
                            /** @description Epoch ms of the key's newest logged request; null: none. */
                            lastUsedAt: number | null;
                        } & {
                            [key: string]: unknown;
                        })[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Error"];
        };
    };
    postKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** @description A name: 1-64 letters, digits and . _ - (unique). */
                    name: string;
                    /** @description Models the key may ask for (a trailing `*` matches a prefix); null or absent: any. */
                    models?: string[] | null;
                    /** @description Providers the key may be served by (targets on others are skipped); null or absent: any. */
                    providers?: string[] | null;
                    /** @description Requests per minute; null or absent: no limit. */
                    rpm?: number | null;
                    /** @description Tokens (prompt and completion) per minute; null or absent: no limit. */
                    tpm?: number | null;
                    /** @description Spend limit in US dollars per budget period (the key's lifetime without one). */
                    budget?: number | null;
                    /** @description The budget period in ms (at least 60000); needs a budget. */
                    budgetPeriodMs?: number | null;
                    /** @description Epoch ms after which the key is refused; must be in the future. */
                    expiresAt?: number | null;
                };
            };
        };
        responses: {
            /** @description The key with its value. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The key id (`key_…`): what log rows and stats name the key by. */
                        id: string;
                        name: string;
                        /** @description The key's first characters (`rk-AbCd`), to tell keys apart. */
                        keyPrefix: string;
                        /** @description Models the key may ask for (a trailing `*` matches a prefix); null: any. */
                        models: string[] | null;
                        /** @description Providers the key may be served by; null: any. */
                        providers: string[] | null;
                        rpm: number | null;
                        tpm: number | null;
                        /** @description US dollars per budget period (the key's lifetime without one); null: no limit. */
                        budget: number | null;
                        budgetPeriodMs: number | null;
                        expiresAt: number | null;
                        revokedAt: number | null;
                        createdAt: number;
                        updatedAt: number;
                        /** @description The key's value (`rk-…`): shown this once, never stored. */
                        value: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Error"];
        };
    };
    getKeysId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A client key's id (`key_…`) or name. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The key. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The key id (`key_…`): what log rows and stats name the key by. */
                        id: string;
                        name: string;
                        /** @description The key's first characters (`rk-AbCd`), to tell keys apart. */
                        keyPrefix: string;
                        /** @description Models the key may ask for (a trailing `*` matches a prefix); null: any. */
                        models: string[] | null;
                        /** @description Providers the key may be served by; null: any. */
                        providers: string[] | null;
                        rpm: number | null;
                        tpm: number | null;
                        /** @description US dollars per budget period (the key's lifetime without one); null: no limit. */
                        budget: number | null;
                        budgetPeriodMs: number | null;
                        expiresAt: number | null;
                        revokedAt: number | null;
                        createdAt: number;
                        updatedAt: number;
                        /** @enum {string} */
                        status: "active" | "revoked" | "expired";
                        usage: {
                            /** @description Epoch ms the current budget period began (0: the key's lifetime). */
                            periodStart: number;
                            /** @description Epoch ms it ends; null: the key's lifetime. */
                            periodEnd: number | null;
                            requests: number;
                            promptTokens: number;
                            completionTokens: number;
                            /** @description US dollars spent this period (requests whose price is unknown add nothing). */
                            spent: number;
                        } & {
                            [key: string]: unknown;
                        };
                        /** @description Epoch ms of the key's newest logged request; null: none. */
                        lastUsedAt: number | null;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["Error"];
        };
    };
    deleteKeysId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A client key's id (`key_…`) or name. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The removed key with `deleted: true`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The key id (`key_…`): what log rows and stats name the key by. */
                        id: string;
                        name: string;
                        /** @description The key's first characters (`rk-AbCd`), to tell keys apart. */
                        keyPrefix: string;
                        /** @description Models the key may ask for (a trailing `*` matches a prefix); null: any. */
                        models: string[] | null;
                        /** @description Providers the key may be served by; null: any. */
                        providers: string[] | null;
                        rpm: number | null;
                        tpm: number | null;
                        /** @description US dollars per budget period (the key's lifetime without one); null: no limit. */
                        budget: number | null;
                        budgetPeriodMs: number | null;
                        expiresAt: number | null;
                        revokedAt: number | null;
                        createdAt: number;
                        updatedAt: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["Error"];
        };
    };
    patchKeysId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A client key's id (`key_…`) or name. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** @description A name: 1-64 letters, digits and . _ - (unique). */
                    name?: string;
                    /** @description Models the key may ask for (a trailing `*` matches a prefix); null or absent: any. */
                    models?: string[] | null;
                    /** @description Providers the key may be served by (targets on others are skipped); null or absent: any. */
                    providers?: string[] | null;
                    /** @description Requests per minute; null or absent: no limit. */
                    rpm?: number | null;
                    /** @description Tokens (prompt and completion) per minute; null or absent: no limit. */
                    tpm?: number | null;
                    /** @description Spend limit in US dollars per budget period (the key's lifetime without one). */
                    budget?: number | null;
                    /** @description The budget period in ms (at least 60000); needs a budget. */
                    budgetPeriodMs?: number | null;
                    /** @description Epoch ms after which the key is refused; must be in the future. */
                    expiresAt?: number | null;
                };
            };
        };
        responses: {
            /** @description The key. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The key id (`key_…`): what log rows and stats name the key by. */
                        id: string;
                        name: string;
                        /** @description The key's first characters (`rk-AbCd`), to tell keys apart. */
                        keyPrefix: string;
                        /** @description Models the key may ask for (a trailing `*` matches a prefix); null: any. */
                        models: string[] | null;
                        /** @description Providers the key may be served by; null: any. */
                        providers: string[] | null;
                        rpm: number | null;
                        tpm: number | null;
                        /** @description US dollars per budget period (the key's lifetime without one); null: no limit. */
                        budget: number | null;
                        budgetPeriodMs: number | null;
                        expiresAt: number | null;
                        revokedAt: number | null;
                        createdAt: number;
                        updatedAt: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Error"];
        };
    };
    postKeysIdRevoke: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A client key's id (`key_…`) or name. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The key with `changed`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The key id (`key_…`): what log rows and stats name the key by. */
                        id: string;
                        name: string;
                        /** @description The key's first characters (`rk-AbCd`), to tell keys apart. */
                        keyPrefix: string;
                        /** @description Models the key may ask for (a trailing `*` matches a prefix); null: any. */
                        models: string[] | null;
                        /** @description Providers the key may be served by; null: any. */
                        providers: string[] | null;
                        rpm: number | null;
                        tpm: number | null;
                        /** @description US dollars per budget period (the key's lifetime without one); null: no limit. */
                        budget: number | null;
                        budgetPeriodMs: number | null;
                        expiresAt: number | null;
                        revokedAt: number | null;
                        createdAt: number;
                        updatedAt: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Error"];
        };
    };
    postKeysIdRotate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A client key's id (`key_…`) or name. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The key with its new value. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The key id (`key_…`): what log rows and stats name the key by. */
                        id: string;
                        name: string;
                        /** @description The key's first characters (`rk-AbCd`), to tell keys apart. */
                        keyPrefix: string;
                        /** @description Models the key may ask for (a trailing `*` matches a prefix); null: any. */
                        models: string[] | null;
                        /** @description Providers the key may be served by; null: any. */
                        providers: string[] | null;
                        rpm: number | null;
                        tpm: number | null;
                        /** @description US dollars per budget period (the key's lifetime without one); null: no limit. */
                        budget: number | null;
                        budgetPeriodMs: number | null;
                        expiresAt: number | null;
                        revokedAt: number | null;
                        createdAt: number;
                        updatedAt: number;
                        /** @description The key's value (`rk-…`): shown this once, never stored. */
                        value: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Error"];
        };
    };
    getProvidersHealth: {
        parameters: {
            query?: {
                timeoutMs?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The health of each enabled provider. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "ok" | "degraded" | "down" | "no_providers";
                        checkedAt: string;
                        timeoutMs: number;
                        providers: ({
                            id: string;
                            name: string;
                            type: string;
                            /**
                             * @description `unknown`: the type has no models endpoint to call.
                             * @enum {string}
                             */
                            status: "up" | "down" | "unknown";
                            latencyMs: number | null;
                            /** @description How many models the provider listed. */
                            models: number | null;
                            error?: string;
                            /** @description The provider's circuit breaker now. */
                            circuit: {
                                /**
                                 * @description `closed` (normal), `open` (cooling down, skipped) or `half_open` (cooled; the next request probes it).
                                 * @enum {string}
                                 */
                                state: "closed" | "open" | "half_open";
                                /** @description Consecutive failures counted while closed. */
                                failures: number;
                                /** @description How many times in a row the circuit has opened. */
                                opens: number;
                                /** @description Milliseconds of cool-down left (0 unless open). */
                                retryInMs: number;
                            } & {
                                [key: string]: unknown;
                            };
                        } & {
                            [key: string]: unknown;
                        })[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Error"];
        };
    };
    getRequestsTail: {
        parameters: {
            query?: {
                provider?: string;
                model?: string;
                endpoint?: string;
                status?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An event stream. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": Record<string, never>;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Error"];
        };
    };
}
