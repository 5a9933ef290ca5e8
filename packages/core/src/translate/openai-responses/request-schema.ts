/**
 * The OpenAI Responses request, validated loosely: the fields the translation reads are checked,
 * unknown fields (`include`, `truncation`, `prompt_cache_key`, future additions) are tolerated and
 * ignored. Input items and tools are read one by one (see `input-items.ts` and `tools.ts`), so an
 * error names the item at fault.
 */
import { z } from 'zod';

const REASONING_EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'] as const;

const textFormat = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('json_object') }),
  z.looseObject({
    type: z.literal('json_schema'),
    name: z.string({ error: 'text.format.name: Field required' }).min(1),
    schema: z.looseObject({}, { error: 'text.format.schema must be a JSON schema object' }),
    description: z.string().nullish(),
    strict: z.boolean().nullish(),
  }),
], { error: 'text.format.type must be "text", "json_object" or "json_schema"' });

/** The request fields the translation reads. */
export const responsesRequestSchema = z.looseObject({
  model: z.string({ error: 'model: Field required' }).min(1, 'model must not be empty'),
  input: z.union([z.string(), z.array(z.unknown())], { error: 'input must be a string or an array of input items' }).optional(),
  instructions: z.string({ error: 'instructions must be a string' }).nullish(),
  tools: z.array(z.unknown(), { error: 'tools must be an array' }).nullish(),
  tool_choice: z.unknown().optional(),
  parallel_tool_calls: z.boolean().nullish(),
  max_output_tokens: z.number().int('max_output_tokens must be an integer').min(1, 'max_output_tokens must be at least 1').nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  reasoning: z.looseObject({
    effort: z.enum(REASONING_EFFORTS, { error: `reasoning.effort must be one of ${REASONING_EFFORTS.join(', ')}` }).nullish(),
    summary: z.string().nullish(),
  }).nullish(),
  text: z.looseObject({ format: textFormat.nullish(), verbosity: z.string().nullish() }).nullish(),
  stream: z.boolean().nullish(),
  store: z.boolean().nullish(),
  metadata: z.record(z.string(), z.string(), { error: 'metadata must be an object of strings' }).nullish(),
  user: z.string().nullish(),
  previous_response_id: z.string().min(1).nullish(),
  // Features that need server-side state or execution the router does not have: refused when used.
  background: z.boolean().nullish(),
  conversation: z.unknown().optional(),
  prompt: z.unknown().optional(),
});

/** A validated Responses request (items and tools still unread). */
export type ResponsesRequest = z.infer<typeof responsesRequestSchema>;

const inputText = z.looseObject({ type: z.enum(['input_text', 'output_text', 'text', 'summary_text']), text: z.string() });
const inputImage = z.looseObject({
  type: z.literal('input_image'),
  image_url: z.string().min(1, 'input_image needs an image_url').nullish(),
  file_id: z.string().nullish(),
  detail: z.string().nullish(),
});
const inputFile = z.looseObject({
  type: z.literal('input_file'),
  file_data: z.string().nullish(),
  file_id: z.string().nullish(),
  file_url: z.string().nullish(),
  filename: z.string().nullish(),
});
const refusal = z.looseObject({ type: z.literal('refusal'), refusal: z.string() });

/** A content part of an input message or a function call output. */
export const contentPartSchema = z.discriminatedUnion('type', [inputText, inputImage, inputFile, refusal], {
  error: (issue) => `content part type ${JSON.stringify((issue.input as { type?: unknown } | undefined)?.type)} is not supported; use input_text, input_image, input_file or output_text`,
});

/** A content part. */
export type ContentPart = z.infer<typeof contentPartSchema>;

/** A message item (`type: "message"`, or no type with a role, as `EasyInputMessage` is sent). */
export const messageItemSchema = z.looseObject({
  type: z.literal('message').optional(),
  role: z.enum(['user', 'assistant', 'system', 'developer'], { error: 'role must be "user", "assistant", "system" or "developer"' }),
  content: z.union([z.string(), z.array(contentPartSchema)], { error: 'content must be a string or an array of content parts' }),
});

/** A function call from an earlier turn. */
export const functionCallItemSchema = z.looseObject({
  type: z.literal('function_call'),
  call_id: z.string().min(1),
  name: z.string().min(1),
  namespace: z.string().nullish(),
  arguments: z.string(),
});

// Earlier Codex versions sent a failed call's output as `{content, success: false}`.
const toolOutput = z.union([
  z.string(),
  z.array(contentPartSchema),
  z.looseObject({ content: z.union([z.string(), z.array(contentPartSchema)]), success: z.boolean().nullish() }),
], { error: 'output must be a string or an array of content parts' });

/** A tool's output: a string, content parts, or `{content, success}`. */
export type ToolOutput = z.infer<typeof toolOutput>;

/** The result of a function call. */
export const functionCallOutputItemSchema = z.looseObject({
  type: z.literal('function_call_output'),
  call_id: z.string().min(1),
  output: toolOutput,
});

/** A custom (freeform) tool call from an earlier turn, and its output. */
export const customToolCallItemSchema = z.looseObject({ type: z.literal('custom_tool_call'), call_id: z.string().min(1), name: z.string().min(1), namespace: z.string().nullish(), input: z.string() });
export const customToolCallOutputItemSchema = z.looseObject({ type: z.literal('custom_tool_call_output'), call_id: z.string().min(1), output: toolOutput });

/** A reference to an item of the previous response (its input or output). */
export const itemReferenceSchema = z.looseObject({ type: z.literal('item_reference').nullish(), id: z.string().min(1) });

const functionTool = z.looseObject({
  type: z.literal('function'),
  name: z.string({ error: 'name: Field required' }).min(1),
  description: z.string().nullish(),
  parameters: z.looseObject({}).nullish(),
  strict: z.boolean().nullish(),
});

/** A function tool. */
export const functionToolSchema = functionTool;
/** A function tool. */
export type FunctionTool = z.infer<typeof functionTool>;

/** A custom (freeform) tool: the model answers with raw text, optionally constrained by a grammar. */
export const customToolSchema = z.looseObject({
  type: z.literal('custom'),
  name: z.string({ error: 'name: Field required' }).min(1),
  description: z.string().nullish(),
  format: z.union([
    z.looseObject({ type: z.literal('text') }),
    z.looseObject({ type: z.literal('grammar'), syntax: z.string().min(1), definition: z.string() }),
  ], { error: 'format must be {"type":"text"} or {"type":"grammar","syntax","definition"}' }).nullish(),
});
/** A custom (freeform) tool. */
export type CustomTool = z.infer<typeof customToolSchema>;

/** A namespace tool: a named group of function (and custom) tools, called as `{namespace, name}`. */
export const namespaceToolSchema = z.looseObject({
  type: z.literal('namespace'),
  name: z.string({ error: 'name: Field required' }).min(1),
  description: z.string().nullish(),
  tools: z.array(z.looseObject({ type: z.string() }), { error: 'tools must be an array of tools' }),
});

/** A `tool_choice` value. */
export const toolChoiceSchema = z.union([
  z.enum(['auto', 'none', 'required']),
  z.looseObject({ type: z.enum(['function', 'custom']), name: z.string().min(1), namespace: z.string().nullish() }),
  z.looseObject({ type: z.string() }),
], { error: 'tool_choice must be "auto", "none", "required" or a tool object' });
