/** OpenAI chat completions clients over an Anthropic Messages upstream: request, response, stream and error translation. */
export { chatRequestToMessages, requestedThinkingBudget, DEFAULT_MAX_TOKENS, EFFORT_BUDGETS, MIN_THINKING_BUDGET, type ChatToMessagesOptions } from './chat-request-to-messages.js';
export { messagesResponseToChat, type MessagesResponseOptions } from './messages-response-to-chat.js';
export { createMessagesStreamTranslator, messagesStreamToChat, messagesSseToChatSse, chatSseText, type MessagesStreamOptions, type MessagesStreamTranslator } from './messages-stream-to-chat.js';
export { parseAnthropicSse, createAnthropicSseParser, type AnthropicWireEvent, type AnthropicSseParser } from './parse-anthropic-sse.js';
export { chatErrorFromAnthropic, readAnthropicError, isOverloaded, type AnthropicErrorReading } from './anthropic-error.js';
export { chatFinishReason, chatUsage } from './messages-mapping.js';
export type { ChatRequest } from './request-schema.js';
export type * from './types.js';
