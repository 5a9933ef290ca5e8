/**
 * Context fit: a target whose known context cannot hold a request's prompt plus its output budget is
 * skipped before anything is sent (a local server would otherwise answer an overflow with an empty
 * stream, an error, or a silently truncated prompt).
 *
 * The prompt is estimated, not tokenized (no tokenizer to download, and it must cost next to nothing on
 * the request path): the characters of every string and key in the prompt's fields (`messages`, `system`,
 * `tools`, `input`, `instructions`, `prompt`) divided by 4, plus 4 tokens per message for the chat
 * template's framing, plus a flat 1,024 tokens per image, audio or file part (a base64 `data:` URL counts
 * as one such part, not by its length). Characters/4 is close for English prose and JSON (BPE tokenizers
 * average 3.5–4.5 characters per token there), so the estimate is usually within about ±25%; it counts
 * too few for Chinese, Japanese or Korean text and for dense code (up to 2–3 times too few), where a
 * target is then not skipped and the server's own error reaches the client, and the flat media figure can
 * be far off for large images. It reads the body the operation already parsed: no second parse.
 */
import { InvalidRequestError, type RouterError } from '../errors.js';
import type { ResolvedTarget } from '../routing/resolve-targets.js';
import type { ClientApi } from '../spec/api.js';
import type { ConfigSnapshot } from '../spec/config.js';
import type { AttemptRecord } from '../spec/log.js';
import type { KnownContext } from './model-catalog.js';

/** Characters per token of the estimate. */
export const CHARS_PER_TOKEN = 4;
/** Tokens added per message for the chat template's role markers and separators. */
export const MESSAGE_OVERHEAD_TOKENS = 4;
/** Tokens counted for each image, audio or file part. */
export const MEDIA_PART_TOKENS = 1024;

/** The body fields that make up the prompt. */
const PROMPT_FIELDS = ['messages', 'system', 'tools', 'input', 'instructions', 'prompt', 'functions'] as const;
/** Content part types counted as media. */
const MEDIA_TYPES = new Set(['image_url', 'input_image', 'image', 'input_audio', 'audio', 'file', 'input_file', 'document']);
/** The APIs whose requests generate text into a context (embeddings and token counts are not checked). */
const CHECKED_APIS: ReadonlySet<ClientApi> = new Set<ClientApi>(['chat', 'messages', 'responses', 'completions']);

/** A request's estimated size. */
export interface PromptEstimate {
  /** Estimated prompt tokens. */
  prompt: number;
  /** The output budget the request asks for (`max_completion_tokens`, `max_tokens` or `max_output_tokens`; 0 when none). */
  output: number;
  /** The field the budget came from (null when none). */
  outputField: string | null;
}

/** Estimates a parsed body's prompt tokens and reads its output budget (see the module comment for the method). */
export function estimateRequestTokens(body: Readonly<Record<string, unknown>>): PromptEstimate {
  let chars = 0;
  let media = 0;
  let messages = 0;
  const stack: unknown[] = [];
  for (const field of PROMPT_FIELDS) {
    const value = body[field];
    if (value === undefined || value === null) continue;
    if ((field === 'messages' || field === 'input') && Array.isArray(value)) messages += value.length;
    stack.push(value);
  }
  // an explicit stack: a body may nest deeper than recursion allows
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') {
      if (value.startsWith('data:') && value.length > 256) media++;
      else chars += value.length;
    } else if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
    } else if (value && typeof value === 'object') {
      const type = (value as Record<string, unknown>).type;
      if (typeof type === 'string' && MEDIA_TYPES.has(type)) {
        media++;
        continue;
      }
      // for-in rather than Object.entries: no array per object (a parsed body's objects have no inherited keys)
      for (const key in value) {
        chars += key.length;
        stack.push((value as Record<string, unknown>)[key]);
      }
    }
  }
  if (typeof body.prompt === 'string' || typeof body.input === 'string' || messages === 0) messages = Math.max(messages, 1);
  const prompt = Math.ceil(chars / CHARS_PER_TOKEN) + messages * MESSAGE_OVERHEAD_TOKENS + media * MEDIA_PART_TOKENS;
  return { prompt, ...requestedOutput(body) };
}

/** The output tokens a request asks for at most (`max_completion_tokens`, `max_tokens` or `max_output_tokens`; 0 when none). */
export function requestedOutput(body: Readonly<Record<string, unknown>>): Pick<PromptEstimate, 'output' | 'outputField'> {
  for (const field of ['max_completion_tokens', 'max_tokens', 'max_output_tokens']) {
    const value = body[field];
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) return { output: Math.floor(value), outputField: field };
  }
  return { output: 0, outputField: null };
}

/** Where the known context of a target comes from (the model catalogue's `contextOf`). */
export type ContextLookup = (snapshot: ConfigSnapshot, model: string, target: ResolvedTarget) => KnownContext | undefined;

/** One request's context check: `skip` says whether a target is too small (and records why); `error` is the 400 when every target was. */
export interface ContextFit {
  /** The attempt record of a skipped target, or undefined when the target may be tried (its context is unknown, or it fits). */
  skip(target: ResolvedTarget): AttemptRecord | undefined;
  /** Whether some target was skipped (a method: an object literal with a getter gets a hidden class of its own per request). */
  skipped(): boolean;
  /** The 400 `context_length_exceeded` naming the contexts and the estimate. */
  error(): RouterError;
}

const SOURCES: Record<KnownContext['source'], string> = { loaded: 'loaded', max: 'the most it supports; not loaded', catalogue: 'from the model catalogue' };

/** A request's context check, or undefined when its API is not checked. The estimate is made on the first target whose context is known, once. */
export function createContextFit(lookup: ContextLookup, snapshot: ConfigSnapshot, api: ClientApi, model: string, body: Readonly<Record<string, unknown>>): ContextFit | undefined {
  if (!CHECKED_APIS.has(api)) return undefined;
  let estimate: PromptEstimate | undefined;
  const tooSmall: string[] = [];
  const need = () => {
    estimate ??= estimateRequestTokens(body);
    return estimate.prompt + estimate.output;
  };
  const needed = () => `~${estimate!.prompt} prompt tokens (estimated)${estimate!.outputField ? ` + ${estimate!.output} ${estimate!.outputField}` : ''}`;
  return {
    skip(target) {
      const known = lookup(snapshot, model, target);
      if (!known || need() <= known.tokens) return undefined;
      const context = `${known.tokens} tokens (${SOURCES[known.source]})`;
      tooSmall.push(`"${target.provider.id}" ${target.model}: ${context}`);
      return { providerId: target.provider.id, model: target.model, status: null, outcome: 'context_too_small', error: `context ${context} cannot hold ${needed()}`, durationMs: 0 };
    },
    skipped() {
      return tooSmall.length > 0;
    },
    error() {
      const param = api === 'responses' ? 'input' : api === 'completions' ? 'prompt' : 'messages';
      return new InvalidRequestError(
        `This request needs about ${need()} tokens (${needed()}), more than the context of every target for model "${model}": ${tooSmall.join('; ')}. Shorten the prompt${estimate!.outputField ? ` or lower ${estimate!.outputField}` : ''}, or load the model with a longer context.`,
        param,
        'context_length_exceeded',
      );
    },
  };
}
