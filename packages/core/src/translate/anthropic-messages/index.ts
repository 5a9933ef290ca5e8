/** Anthropic Messages clients over an OpenAI chat completions upstream: request, response and stream translation, and Anthropic's wire framing. */
export { messagesRequestToChat, reasoningEffort } from './messages-request-to-chat.js';
export { chatResponseToMessages, type ChatResponseOptions } from './chat-response-to-messages.js';
export { chatStreamToMessages, type ChatStreamOptions } from './chat-stream-to-messages.js';
export { parseSseEvents, readUpstreamError } from './parse-sse-events.js';
export { encodeAnthropicSse, anthropicPingBytes, ANTHROPIC_PING, anthropicErrorType, anthropicErrorResponse, anthropicErrorEvent, toAnthropicError, statusOfUpstreamError, type AnthropicErrorBody } from './anthropic-sse.js';
export { anthropicUsage, anthropicStopReason } from './chat-mapping.js';
export type { MessagesRequest } from './request-schema.js';
export type * from './types.js';
