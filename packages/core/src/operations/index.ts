/** The operations, one per client API. */
import type { ClientApi } from '../spec/api.js';
import { chatOperation } from './chat.js';
import { countTokensOperation, messagesOperation } from './messages.js';
import type { Operation } from './operation.js';
import { completionsOperation, embeddingsOperation } from './passthrough.js';
import { createResponseMemory, createResponsesOperation, type ResponseMemory } from './responses.js';

/** The operations of one router (the Responses one remembers what it produced). */
export function createOperations(options: { generateId: () => string; responseMemory?: ResponseMemory }): (api: ClientApi) => Operation {
  const operations: Record<ClientApi, Operation> = {
    chat: chatOperation,
    messages: messagesOperation,
    count_tokens: countTokensOperation,
    responses: createResponsesOperation({ memory: options.responseMemory ?? createResponseMemory(), generateId: options.generateId }),
    embeddings: embeddingsOperation,
    completions: completionsOperation,
  };
  return (api) => {
    const operation = operations[api];
    if (!operation) throw new TypeError(`unknown API ${JSON.stringify(api)}`);
    return operation;
  };
}

export { chatOperation, countTokensOperation, messagesOperation, embeddingsOperation, completionsOperation };
export type { LocalAnswer, Operation, ParsedRequest, PrepareInput, UpstreamCall } from './operation.js';
export { createResponseMemory, DEFAULT_MAX_REMEMBERED_CHARS, DEFAULT_RESPONSE_MEMORY_CHARS, RESPONSES_HOSTED_TOOLS_SETTING, type ResponseMemory } from './responses.js';
