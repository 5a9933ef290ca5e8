/**
 * The chat completions request, validated loosely: the fields the translation reads are checked,
 * unknown fields are tolerated (and not sent: Anthropic refuses fields it does not know).
 */
import { z } from 'zod';

const textPart = z.looseObject({ type: z.literal('text'), text: z.string() });
const refusalPart = z.looseObject({ type: z.literal('refusal'), refusal: z.string() });
const imagePart = z.looseObject({ type: z.literal('image_url'), image_url: z.looseObject({ url: z.string().min(1) }) });
const filePart = z.looseObject({
  type: z.literal('file'),
  file: z.looseObject({ file_data: z.string().optional(), file_id: z.string().optional(), filename: z.string().optional() }),
});
const audioPart = z.looseObject({ type: z.literal('input_audio') });

const partError = (allowed: string) => (issue: { input?: unknown }) =>
  `content part type ${JSON.stringify((issue.input as { type?: unknown } | undefined)?.type)} is not supported here (${allowed})`;

/** Text content: a string or text parts (system, developer and tool messages). */
const textContent = z.union([z.string(), z.array(z.discriminatedUnion('type', [textPart], { error: partError('only "text"') }))], {
  error: 'content must be a string or an array of text parts',
});

const toolCall = z.looseObject({
  id: z.string().min(1, 'id must not be empty'),
  type: z.literal('function').optional(),
  function: z.looseObject({ name: z.string().min(1, 'name must not be empty'), arguments: z.string().nullish() }),
});

const message = z.discriminatedUnion(
  'role',
  [
    z.looseObject({ role: z.literal('system'), content: textContent }),
    z.looseObject({ role: z.literal('developer'), content: textContent }),
    z.looseObject({
      role: z.literal('user'),
      content: z.union([z.string(), z.array(z.discriminatedUnion('type', [textPart, imagePart, filePart, audioPart], { error: partError('"text", "image_url" or "file"') }))], {
        error: 'content must be a string or an array of content parts',
      }),
    }),
    z.looseObject({
      role: z.literal('assistant'),
      content: z.union([z.string(), z.array(z.discriminatedUnion('type', [textPart, refusalPart], { error: partError('"text" or "refusal"') }))]).nullish(),
      tool_calls: z.array(toolCall).nullish(),
      function_call: z.unknown().optional(),
      // Anthropic's signed thinking as LiteLLM names it; read leniently (an unusable value only keeps thinking off)
      thinking_blocks: z.unknown().optional(),
    }),
    z.looseObject({ role: z.literal('tool'), tool_call_id: z.string().min(1, 'tool_call_id must not be empty'), content: textContent }),
    z.looseObject({ role: z.literal('function') }),
  ],
  { error: (issue) => `role ${JSON.stringify((issue.input as { role?: unknown } | undefined)?.role)} is not a chat message role` },
);

const tool = z.looseObject({
  type: z.string(),
  function: z.looseObject({ name: z.string().min(1, 'name must not be empty'), description: z.string().optional(), parameters: z.unknown().optional() }).optional(),
});

const toolChoice = z.union([
  z.enum(['auto', 'required', 'none'], { error: 'tool_choice must be "auto", "required", "none" or a named function' }),
  z.looseObject({ type: z.literal('function'), function: z.looseObject({ name: z.string().min(1) }) }),
], { error: 'tool_choice must be "auto", "required", "none" or {"type":"function","function":{"name":…}}' });

const tokens = z.number({ error: 'must be a positive integer' }).int('must be a positive integer').positive('must be a positive integer');

/** The fields of a chat completions request that the translation reads. */
export const chatRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(message, { error: 'messages must be an array of messages' }),
  max_tokens: tokens.nullish(),
  max_completion_tokens: tokens.nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  temperature: z.number({ error: 'must be a number' }).nullish(),
  top_p: z.number({ error: 'must be a number' }).nullish(),
  top_k: z.number({ error: 'must be a number' }).int().positive().nullish(),
  stop: z.union([z.string(), z.array(z.string())], { error: 'stop must be a string or an array of strings' }).nullish(),
  tools: z.array(tool, { error: 'tools must be an array' }).nullish(),
  tool_choice: toolChoice.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  reasoning_effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh'], { error: 'reasoning_effort must be one of none, minimal, low, medium, high, xhigh' }).nullish(),
  thinking: z.union([
    z.looseObject({ type: z.literal('enabled'), budget_tokens: tokens }),
    z.looseObject({ type: z.literal('disabled') }),
  ], { error: 'thinking must be {"type":"enabled","budget_tokens":N} or {"type":"disabled"}' }).nullish(),
  user: z.string().nullish(),
  safety_identifier: z.string().nullish(),
  n: z.number().int().nullish(),
  logprobs: z.boolean().nullish(),
  response_format: z.looseObject({ type: z.string() }).nullish(),
  functions: z.unknown().optional(),
  function_call: z.unknown().optional(),
  audio: z.unknown().optional(),
});

/** A validated chat completions request. */
export type ChatRequest = z.infer<typeof chatRequestSchema>;
/** One validated chat message. */
export type ChatRequestMessage = ChatRequest['messages'][number];
