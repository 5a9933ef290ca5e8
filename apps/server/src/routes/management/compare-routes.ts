/**
 * Side-by-side comparison: `POST /v1/compare` sends one chat request to 2–6 `<provider-id>/<model>`
 * targets at once through the engine (each pinned to its provider, no fallback, streamed) and
 * answers with one server-sent event stream in which every event names its target:
 * `start`, then per target `delta`s and one `done` (timings, usage, finish reason or error),
 * then `end`. Each leg is an ordinary request to the engine: logged with the comparison's id as
 * its client request id (and `<compare id>.<n>` as its own), so `GET /v1/compare` lists
 * comparisons from the request log and `GET /v1/compare/:id` reopens one; they live as long as
 * the log keeps their rows.
 *
 * Each leg's stream is read with eventsource-parser and every event's JSON is parsed: this is a
 * management route that reads a handful of streams, not the proxy's hot path.
 */
import { requestCost } from '@router/store';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import { createParser } from 'eventsource-parser';
import { z } from 'zod';
import { InvalidRequestError, NotFoundError, newRequestId, type RouterResponse } from '@router/core';
import type { RequestLogRow } from '@router/store';
import type { ManagementContext, ServerApp } from './management-context.js';
import { queryInt, readJson, readQuery } from './validation.js';

/** Every comparison id starts with this. */
export const COMPARE_ID_PREFIX = 'cmp_';
const COMPARE_ID = /^cmp_[A-Za-z0-9-]{1,100}$/;

const target = z.string().min(3).max(400).regex(/^[^/\s]+\/\S.*$/, 'must be <provider-id>/<model>');
const message = z.looseObject({ role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']), content: z.unknown().optional() });

/** The body of `POST /v1/compare`. */
export const compareBodySchema = z
  .strictObject({
    targets: z.array(target).min(2, 'must name 2 to 6 targets').max(6, 'must name 2 to 6 targets')
      .meta({ description: 'The targets, each `<provider-id>/<model>` of an enabled provider; no target twice.' }),
    messages: z.array(message).min(1).optional().meta({ description: 'OpenAI chat messages (give these or `prompt`).' }),
    prompt: z.string().min(1).optional().meta({ description: 'A single user message (give this or `messages`).' }),
    tools: z.array(z.looseObject({ type: z.string() })).optional().meta({ description: 'OpenAI tools, sent to every target.' }),
    max_tokens: z.number().int().positive().optional(),
    temperature: z.number().min(0).max(2).optional(),
  })
  .refine((body) => (body.messages === undefined) !== (body.prompt === undefined), { message: 'give either messages or prompt (one of them)', path: ['messages'] });

/** The query of `GET /v1/compare`. */
export const compareListQuery = z.strictObject({ limit: queryInt(1, 100).default(20), offset: queryInt(0, 1_000_000).default(0) });

/** What a target's `done` event carries. */
export interface LegResult {
  target: string;
  /** `ok`, or `error` (the answer was an error, or the stream ended with one). */
  status: 'ok' | 'error';
  /** The HTTP status the engine answered the leg with (null: no answer). */
  httpStatus: number | null;
  /** The leg's request id in the log. */
  requestId: string;
  /** Milliseconds from the start to the first content token (text, reasoning or tool call); null when none came. */
  ttftMs: number | null;
  totalMs: number;
  /** Completion tokens per second after the first token; null without usage or a first token. */
  tokensPerSecond: number | null;
  usage: { promptTokens: number | null; completionTokens: number | null; totalTokens: number | null; cachedTokens?: number; cost?: number } | null;
  /** What the answer cost in US dollars (the provider's figure, else the bundled price list); null when not known. */
  cost: number | null;
  finishReason: string | null;
  error?: { message: string; type: string | null; code: string | null };
}

/** Splits `<provider-id>/<model>` at its first slash. */
function splitTarget(value: string): { providerId: string; model: string } {
  const slash = value.indexOf('/');
  return { providerId: value.slice(0, slash), model: value.slice(slash + 1) };
}

const round = (value: number) => Math.round(value * 10) / 10;

/** `{ usage }` of an OpenAI chunk or body in our shape. */
function usageOf(raw: any): LegResult['usage'] {
  if (!raw || typeof raw !== 'object') return null;
  const number = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null);
  const usage: NonNullable<LegResult['usage']> = { promptTokens: number(raw.prompt_tokens), completionTokens: number(raw.completion_tokens), totalTokens: number(raw.total_tokens) };
  const cached = number(raw.prompt_tokens_details?.cached_tokens);
  if (cached !== null && cached > 0) usage.cachedTokens = cached;
  const cost = number(raw.cost);
  if (cost !== null && cost >= 0) usage.cost = cost;
  return usage;
}

/** The error an answer's body holds (OpenAI's shape), or a generic one. */
function errorOf(raw: any, fallback: string): NonNullable<LegResult['error']> {
  const error = raw && typeof raw === 'object' ? (raw.error ?? raw) : undefined;
  if (error && typeof error === 'object' && typeof error.message === 'string') {
    return { message: error.message, type: typeof error.type === 'string' ? error.type : null, code: typeof error.code === 'string' ? error.code : null };
  }
  return { message: fallback, type: null, code: null };
}

async function readWhole(body: RouterResponse['body']): Promise<string> {
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of body) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** One leg of a comparison as the log kept it. */
function legOfRow(row: RequestLogRow) {
  const ttft = row.ttfbMs;
  const completion = row.completionTokens;
  const generating = ttft !== null ? row.durationMs - ttft : null;
  return {
    target: row.providerId && row.model ? `${row.providerId}/${row.model}` : (row.model ?? row.providerId ?? null),
    requestId: row.id,
    status: row.outcome === 'success' ? 'ok' : 'error',
    httpStatus: row.status,
    outcome: row.outcome,
    startedAt: row.createdAt,
    // the log times the first byte of the answer, which for a stream is its first event
    ttftMs: ttft,
    totalMs: row.durationMs,
    tokensPerSecond: completion !== null && generating !== null && generating > 0 ? round((completion * 1000) / generating) : null,
    usage: row.promptTokens === null && row.completionTokens === null ? null : { promptTokens: row.promptTokens, completionTokens: row.completionTokens, totalTokens: row.totalTokens },
    cost: row.cost ?? null,
    finishReason: row.finishReason,
    error: row.outcome === 'success' ? null : { message: row.errorMessage, code: row.errorCode },
  };
}

/** Registers `POST /v1/compare`, `GET /v1/compare` and `GET /v1/compare/:id`. */
export function registerCompareRoutes(app: ServerApp, ctx: ManagementContext): void {
  const now = ctx.clock ?? (() => performance.now());

  app.post('/v1/compare', async (c) => {
    const body = await readJson(c, compareBodySchema);
    // Every target is checked before anything is sent.
    const snapshot = ctx.configSource.current();
    const seen = new Set<string>();
    body.targets.forEach((value, index) => {
      const param = `targets[${index}]`;
      if (seen.has(value)) throw new InvalidRequestError(`Invalid ${param}: "${value}" is named twice.`, param, 'duplicate_target');
      seen.add(value);
      const { providerId } = splitTarget(value);
      const provider = snapshot.providers.get(providerId);
      if (!provider) throw new InvalidRequestError(`Invalid ${param}: no provider "${providerId}".`, param, 'provider_not_found');
      if (!provider.enabled) throw new InvalidRequestError(`Invalid ${param}: provider "${providerId}" is disabled.`, param, 'provider_disabled');
    });

    const compareId = `${COMPARE_ID_PREFIX}${newRequestId()}`;
    const messages = body.messages ?? [{ role: 'user', content: body.prompt }];
    const shared = {
      messages,
      stream: true,
      stream_options: { include_usage: true },
      ...(body.tools ? { tools: body.tools } : {}),
      ...(body.max_tokens !== undefined ? { max_tokens: body.max_tokens } : {}),
      ...(body.temperature !== undefined ? { temperature: body.temperature } : {}),
    };
    const controllers = body.targets.map(() => new AbortController());
    const stops: (() => void)[] = [];
    let gone = false;
    const cancelAll = () => {
      if (gone) return;
      gone = true;
      for (const controller of controllers) controller.abort();
      for (const stop of stops) stop();
    };

    c.header('x-accel-buffering', 'no');
    c.header('x-compare-id', compareId);
    return streamSSE(c, async (sse) => {
      sse.onAbort(cancelAll);
      // One writer: the legs' events go out whole and in the order they were produced.
      let queue: Promise<unknown> = Promise.resolve();
      const send = (event: string, data: unknown) => {
        queue = queue.then(() => (gone || sse.aborted ? undefined : sse.writeSSE({ event, data: JSON.stringify(data) }))).catch(() => cancelAll());
        return queue;
      };
      // A leg's keep-alive (its upstream silent for a while) is passed on, so nothing between closes a quiet comparison.
      let lastKeepAlive = -Infinity;
      const keepAlive = () => {
        const at = now();
        if (at - lastKeepAlive < 1_000) return queue;
        lastKeepAlive = at;
        queue = queue.then(() => (gone || sse.aborted ? undefined : sse.write(': keep-alive\n\n'))).catch(() => cancelAll());
        return queue;
      };
      await send('start', { compareId, targets: body.targets });
      const legs = body.targets.map((value, index) => runLeg(value, index, send, keepAlive, sse));
      const results = await Promise.all(legs);
      await send('end', { compareId, targets: body.targets, ok: results.filter((result) => result.status === 'ok').length, failed: results.filter((result) => result.status === 'error').length });
    });

    async function runLeg(value: string, index: number, send: (event: string, data: unknown) => Promise<unknown>, keepAlive: () => Promise<unknown>, sse: SSEStreamingApi): Promise<LegResult> {
      const { providerId, model } = splitTarget(value);
      const requestId = `${compareId}.${index + 1}`;
      const started = now();
      let firstToken: number | null = null;
      let usage: LegResult['usage'] = null;
      let finishReason: string | null = null;
      let error: LegResult['error'];
      let httpStatus: number | null = null;
      const firstTokenSeen = () => {
        if (firstToken === null) firstToken = now();
      };
      try {
        const response = await ctx.router.chatCompletion({
          body: JSON.stringify({ model, ...shared }), requestId, clientRequestId: compareId, provider: providerId, fallback: false, controller: controllers[index],
        });
        httpStatus = response.status;
        if (response.status >= 400 || response.body instanceof Uint8Array) {
          const text = await readWhole(response.body);
          const answer = parseJson(text) as any;
          if (response.status >= 400) error = errorOf(answer, `The target answered ${response.status}.`);
          else {
            // an upstream that answered with one body rather than a stream
            const choice = answer?.choices?.[0];
            if (typeof choice?.message?.content === 'string' && choice.message.content !== '') {
              firstTokenSeen();
              await send('delta', { target: value, text: choice.message.content });
            }
            if (typeof choice?.finish_reason === 'string') finishReason = choice.finish_reason;
            usage = usageOf(answer?.usage);
          }
        } else {
          const pending: Promise<unknown>[] = [];
          const parser = createParser({
            onComment() {
              pending.push(keepAlive());
            },
            onEvent(event) {
              if (event.data === '[DONE]') return;
              const chunk = parseJson(event.data) as any;
              if (!chunk || typeof chunk !== 'object') return;
              if (chunk.error) {
                error = errorOf(chunk, 'The stream ended with an error.');
                return;
              }
              if (chunk.usage) usage = usageOf(chunk.usage);
              for (const choice of Array.isArray(chunk.choices) ? chunk.choices : []) {
                const delta = choice?.delta ?? {};
                if (typeof choice?.finish_reason === 'string') finishReason = choice.finish_reason;
                const reasoning = typeof delta.reasoning_content === 'string' ? delta.reasoning_content : typeof delta.reasoning === 'string' ? delta.reasoning : '';
                if (reasoning) {
                  firstTokenSeen();
                  pending.push(send('delta', { target: value, reasoning }));
                }
                if (typeof delta.content === 'string' && delta.content !== '') {
                  firstTokenSeen();
                  pending.push(send('delta', { target: value, text: delta.content }));
                }
                if (Array.isArray(delta.tool_calls)) {
                  for (const call of delta.tool_calls) {
                    firstTokenSeen();
                    pending.push(send('delta', { target: value, tool_call: call }));
                  }
                }
              }
            },
          });
          const decoder = new TextDecoder();
          let endsWithCR = false;
          const iterator = response.body[Symbol.asyncIterator]();
          // Not on the controller's abort: the engine aborts it too, when it ends a stream itself.
          stops.push(() => void iterator.return?.());
          try {
            for (;;) {
              if (gone || sse.aborted) break;
              const { done, value: chunk } = await iterator.next();
              if (done) {
                // the stream is over: a last `\r` has ended its line (the parser waits to see whether `\n` follows),
                // so a stream framed with `\r` gets its last event read too
                const rest = decoder.decode();
                parser.feed((rest.length > 0 ? rest.endsWith('\r') : endsWithCR) ? `${rest}\n` : rest);
                break;
              }
              const text = decoder.decode(chunk, { stream: true });
              if (text.length > 0) endsWithCR = text.endsWith('\r');
              parser.feed(text);
              // back-pressure: the next chunk is read once these deltas are written
              if (pending.length) await Promise.all(pending.splice(0));
            }
          } finally {
            if (gone || sse.aborted) await iterator.return?.();
          }
        }
      } catch (caught) {
        error = { message: gone ? 'The client went away.' : `The target failed: ${(caught as Error)?.message ?? String(caught)}`, type: null, code: gone ? 'client_closed' : null };
      }
      const ended = now();
      const completion = (usage as LegResult['usage'])?.completionTokens ?? null;
      const generating = firstToken !== null ? ended - firstToken : null;
      const result: LegResult = {
        target: value,
        status: error ? 'error' : 'ok',
        httpStatus,
        requestId,
        ttftMs: firstToken !== null ? round(firstToken - started) : null,
        totalMs: round(ended - started),
        tokensPerSecond: completion !== null && generating !== null && generating > 0 ? round((completion * 1000) / generating) : null,
        usage,
        cost: legCost(usage, value),
        finishReason,
        ...(error ? { error } : {}),
      };
      await send('done', result);
      return result;
    }
  });

  /** The leg's cost from its usage: the provider's figure, else the bundled price list for the target's provider and model. */
  function legCost(usage: LegResult['usage'], target: string): number | null {
    if (!usage) return null;
    const { providerId, model } = splitTarget(target);
    const provider = ctx.configSource.current().providers.get(providerId);
    const baseURL = provider ? (provider.config as { baseURL?: unknown }).baseURL : undefined;
    return requestCost(usage, [model], provider ? { type: provider.type, baseURL: typeof baseURL === 'string' ? baseURL : undefined } : undefined)?.cost ?? null;
  }

  app.get('/v1/compare', async (c) => {
    const query = readQuery(c, compareListQuery);
    const groups = await ctx.store.logs.groups(COMPARE_ID_PREFIX, { limit: query.limit, offset: query.offset });
    const data = groups.map((group) => {
      const legs = group.rows.map(legOfRow);
      return {
        id: group.clientRequestId,
        startedAt: Math.min(...group.rows.map((row) => row.createdAt)),
        targets: legs.map((leg) => leg.target),
        legs: legs.map((leg) => ({ target: leg.target, requestId: leg.requestId, status: leg.status, httpStatus: leg.httpStatus, outcome: leg.outcome, totalMs: leg.totalMs })),
      };
    });
    return c.json({ object: 'list', data, limit: query.limit, offset: query.offset });
  });

  app.get('/v1/compare/:id', async (c) => {
    const id = c.req.param('id');
    if (!COMPARE_ID.test(id)) throw new InvalidRequestError('id must be a comparison id (`cmp_` and letters, digits or -).', 'id', 'invalid_id');
    const { rows } = await ctx.store.logs.list({ requestId: id, limit: 50 });
    const legs = rows.filter((row) => row.clientRequestId === id).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    if (legs.length === 0) throw new NotFoundError(`No comparison "${id}" in the request log (it may have been pruned).`, 'compare_not_found', 'id');
    // what was asked, from the first leg's logged body (redacted when written; absent when the log keeps no bodies), so a client can run it again
    const asked = parseJson(legs[0]!.requestBody) as Record<string, unknown> | null | undefined;
    const request = asked && typeof asked === 'object' && Array.isArray(asked.messages)
      ? { messages: asked.messages, ...(asked.tools !== undefined ? { tools: asked.tools } : {}), ...(asked.max_tokens !== undefined ? { max_tokens: asked.max_tokens } : {}), ...(asked.temperature !== undefined ? { temperature: asked.temperature } : {}) }
      : null;
    return c.json({
      object: 'compare',
      id,
      startedAt: Math.min(...legs.map((row) => row.createdAt)),
      request,
      targets: legs.map((row) => legOfRow(row).target),
      legs: legs.map((row) => ({
        ...legOfRow(row),
        text: row.responseBody,
        reasoning: row.responseReasoning,
        toolCalls: parseJson(row.responseToolCalls) ?? null,
      })),
    });
  });
}
