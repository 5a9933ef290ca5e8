/** Reads the server's settings from the environment (and `.env`, read once in `main()`). */
import { existsSync } from 'node:fs';
import { z } from 'zod';

const intFrom = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  DATABASE_URL: z
    .string()
    .min(1)
    .refine((url) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(url) || /^(file|libsql|https?|wss?|postgres(ql)?):/i.test(url), {
      message: 'use a SQLite file (file:data/router.db or a path), a libsql URL (libsql://, https://, wss://) or a Postgres URL (postgres://user:password@host:5432/db)',
    })
    .default('file:data/provider-router.db'),
  MAX_BODY_BYTES: intFrom(20 * 1024 * 1024),
  /** A refused upload (413, 415) is read and discarded up to this many more bytes, so the client can read the answer. */
  MAX_BODY_DRAIN_BYTES: z.coerce.number().int().min(0).default(64 * 1024 * 1024),
  /** …and for at most this long. */
  MAX_BODY_DRAIN_MS: z.coerce.number().int().min(0).default(5_000),
  /** Connections per upstream origin (requests beyond it wait for a free one). */
  UPSTREAM_CONNECTIONS: intFrom(4096),
  REQUEST_TIMEOUT: z.coerce.number().int().positive().optional(),
  CONFIG_POLL_MS: intFrom(250),
  MODELS_REFRESH_MS: intFrom(60_000),
  /** How often local servers (lm-studio, ollama, llama-cpp, vllm) are asked what they have: models, load state, contexts (0: only with the model lists). */
  LOCAL_MODELS_REFRESH_MS: z.coerce.number().int().min(0).default(30_000),
  /** How often the request log's retention (log_max_age_days, log_max_rows, log_max_mb) is applied, in ms. */
  LOG_PRUNE_INTERVAL_MS: intFrom(60_000),
  SHUTDOWN_GRACE_MS: intFrom(10_000),
  /** A whole (non-streaming) upstream answer larger than this is passed through as it arrives, or refused with a 502 where it must be translated whole. */
  MAX_BUFFERED_RESPONSE_BYTES: intFrom(8 * 1024 * 1024),
  /** What the produced Responses answers kept for `previous_response_id` may weigh together, in bytes (one answer at most 8 MiB, and at most this). */
  RESPONSE_MEMORY_MAX_BYTES: intFrom(128 * 1024 * 1024),
  /** SSE keep-alive comment after this much upstream silence on a stream (0: off). */
  SSE_KEEPALIVE_MS: z.coerce.number().int().min(0).default(15_000),
  /** Shadow calls per route per minute when the route does not set `shadowPerMinute`. */
  SHADOW_PER_MINUTE: intFrom(60),
  /** A shadow call still running after this many ms is cancelled, when the route does not set `shadowTimeoutMs`. */
  SHADOW_TIMEOUT_MS: intFrom(60_000),
  ADMIN_API_KEY: z.string().min(1).optional(),
  ROUTER_API_KEYS: z.string().optional(),
  /** Which router this is, recorded in every log row (several routers can share one Postgres database); default hostname:pid. */
  ROUTER_INSTANCE_ID: z.string().trim().min(1).max(200).optional(),
  /**
   * Client-key rate limits and budgets shared by the routers on one database (claims on counters in
   * the database, off the request path): `auto` (the default) shares them on Postgres, `on` also on an
   * SQLite file several routers open, `off` counts each router's own traffic.
   */
  ROUTER_SHARED_KEY_LIMITS: z.enum(['auto', 'on', 'off']).default('auto'),
  /** Postgres: connections each router keeps in its pool (the log worker keeps 2 more). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  /** Postgres: a statement running longer than this is cancelled by the database. */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
  /** Host names (comma-separated) the management API answers besides loopback names when ADMIN_API_KEY is unset. */
  ALLOWED_HOSTS: z.string().optional(),
  /** `1`: providers may point at link-local and cloud metadata addresses (169.254.0.0/16, …). */
  ALLOW_METADATA_ADDRESSES: z.enum(['0', '1', 'true', 'false']).optional(),
  /** OpenTelemetry: traces are exported over OTLP/HTTP when either is set (the standard variables). */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  /** How long one export may take, retries included, ms (default 10 000). */
  OTEL_EXPORTER_OTLP_TIMEOUT: z.coerce.number().int().positive().optional(),
  /** Longest wait before a batch of spans is exported, ms. */
  OTEL_BSP_SCHEDULE_DELAY: z.coerce.number().int().positive().optional(),
  DEFAULT_PROVIDER: z.string().optional(),
  MODEL_MAPPINGS: z.string().optional(),
  LM_STUDIO_BASE_URL: z.string().optional(),
  QWEN_PROXY_BASE_URL: z.string().optional(),
  QWEN_API_KEY: z.string().optional(),
  DASHSCOPE_API_KEY: z.string().optional(),
  QWEN_BASE_URL: z.string().optional(),
});

/** The server's settings. */
export type ServerEnv = z.infer<typeof envSchema>;

/** Loads `.env` from the working directory when present (real environment variables win). */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

/** Parses settings; throws one readable line naming the bad variable. */
export function parseEnv(env: Record<string, string | undefined>): ServerEnv {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = issue.path.join('.');
    // Only plain numbers and names are echoed: a key or a URL may carry a secret.
    const value = /^(PORT|HOST|LOG_LEVEL|REQUEST_TIMEOUT|\w+_MS|\w+_BYTES)$/.test(name) ? `=${cleaned[name]}` : '';
    throw new Error(`invalid environment variable ${name}${value}: ${issue.message}; fix or unset it`);
  }
  return result.data;
}
