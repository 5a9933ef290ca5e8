/**
 * The Anthropic Messages request, validated loosely: the fields the translation reads are checked,
 * unknown fields (`cache_control`, `citations`, future additions) are tolerated and ignored.
 */
import { z } from 'zod';

const text = z.looseObject({ type: z.literal('text'), text: z.string() });

const imageSource = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('base64'), media_type: z.string().min(1), data: z.string().min(1) }),
  z.looseObject({ type: z.literal('url'), url: z.string().min(1) }),
], { error: 'image source type must be "base64" or "url" (file ids are not supported)' });

const image = z.looseObject({ type: z.literal('image'), source: imageSource });

const documentSource = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('base64'), media_type: z.string().min(1), data: z.string().min(1) }),
  z.looseObject({ type: z.literal('text'), data: z.string() }),
  z.looseObject({ type: z.literal('content'), content: z.union([z.string(), z.array(text)]) }),
], { error: 'document source type must be "base64", "text" or "content" (url and file sources are not supported)' });

const document = z.looseObject({ type: z.literal('document'), source: documentSource, title: z.string().nullish() });

const toolUse = z.looseObject({ type: z.literal('tool_use'), id: z.string().min(1), name: z.string().min(1), input: z.unknown() });

const toolResult = z.looseObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string().min(1),
  content: z.union([z.string(), z.array(z.discriminatedUnion('type', [text, image], { error: 'tool_result content blocks must be "text" or "image"' }))]).optional(),
  is_error: z.boolean().optional(),
});

// Reasoning from an earlier turn: accepted and dropped (see the README of this folder).
const thinking = z.looseObject({ type: z.literal('thinking') });
const redactedThinking = z.looseObject({ type: z.literal('redacted_thinking') });

const block = z.discriminatedUnion('type', [text, image, document, toolUse, toolResult, thinking, redactedThinking], {
  error: (issue) => `content block type ${JSON.stringify((issue.input as { type?: unknown } | undefined)?.type)} is not supported when the provider speaks OpenAI chat completions`,
});

const message = z.looseObject({
  // `system` turns inside the conversation: what Claude Code 2.1 sends for its environment context
  role: z.enum(['user', 'assistant', 'system'], { error: 'role must be "user", "assistant" or "system"' }),
  content: z.union([z.string(), z.array(block)], { error: 'content must be a string or an array of content blocks' }),
});

const tool = z.looseObject({
  name: z.string().min(1),
  description: z.string().optional(),
  type: z.string().nullish(),
  input_schema: z.looseObject({}).optional(),
});

const toolChoice = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('auto'), disable_parallel_tool_use: z.boolean().optional() }),
  z.looseObject({ type: z.literal('any'), disable_parallel_tool_use: z.boolean().optional() }),
  z.looseObject({ type: z.literal('tool'), name: z.string().min(1), disable_parallel_tool_use: z.boolean().optional() }),
  z.looseObject({ type: z.literal('none') }),
], { error: 'tool_choice.type must be "auto", "any", "tool" or "none"' });

/** Structured output: Anthropic's `output_config.format` (and the earlier beta's top-level `output_format`). */
const outputFormat = z.looseObject({
  type: z.literal('json_schema', { error: 'type must be "json_schema"' }),
  schema: z.record(z.string(), z.unknown(), { error: 'schema must be a JSON schema object' }),
});

/** The request fields the translation reads. */
export const messagesRequestSchema = z.looseObject({
  model: z.string({ error: 'model: Field required' }).min(1, 'model must not be empty'),
  max_tokens: z.number({ error: 'max_tokens: Field required' }).int('max_tokens must be an integer').min(1, 'max_tokens must be at least 1'),
  messages: z.array(message, { error: 'messages: Field required' }),
  system: z.union([z.string(), z.array(text)], { error: 'system must be a string or an array of text blocks' }).optional(),
  stop_sequences: z.array(z.string()).optional(),
  stream: z.boolean().optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  metadata: z.looseObject({ user_id: z.string().nullish() }).optional(),
  tools: z.array(tool).optional(),
  tool_choice: toolChoice.optional(),
  thinking: z.looseObject({ type: z.string(), budget_tokens: z.number().int().min(0).optional() }).optional(),
  output_config: z.looseObject({ effort: z.string().optional(), format: outputFormat.nullish() }).optional(),
  output_format: outputFormat.nullish(),
});

/** A validated Anthropic Messages request. */
export type MessagesRequest = z.infer<typeof messagesRequestSchema>;
/** One validated content block. */
export type MessagesContentBlock = z.infer<typeof block>;
/** A validated tool definition. */
export type MessagesTool = z.infer<typeof tool>;
