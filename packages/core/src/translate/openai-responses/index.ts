/** OpenAI Responses clients over an OpenAI chat completions upstream: request, response and stream translation, and the Responses wire framing. */
export { responsesRequestToChat, itemReferenceIds, type ResponsesRequestOptions, type ResponsesTranslation, type PreviousResponse } from './responses-request-to-chat.js';
export { chatResponseToResponses } from './chat-response-to-responses.js';
export { chatStreamToResponses, responsesErrorCode } from './chat-stream-to-responses.js';
export { encodeResponsesSse, toResponsesError } from './responses-sse.js';
export { responsesUsage, type ResponsesOutputOptions, type ResponsesRequestContext } from './response-object.js';
export { DROPPED_ITEM_TYPES } from './input-items.js';
export { parseSseEvents } from '../anthropic-messages/parse-sse-events.js';
export type { ResponsesRequest } from './request-schema.js';
export type * from './types.js';
