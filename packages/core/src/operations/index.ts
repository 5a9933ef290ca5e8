/** The operations, one per client API. */
import type { ClientApi } from '../spec/api.js';
import { chatOperation } from './chat.js';
import { countTokensOperation, messagesOperation } from './messages.js';
import type { Operation } from './operation.js';
import { completionsOperation, embeddingsOperation, passthroughCall } from './passthrough.js';
import { openaiDialect } from '../dialects/dialect.js';
import { modelAndStream, parseJsonObject } from '../engine/chat-request.js';

/** `POST /v1/responses`, for providers that speak it (the translation onto chat joins it). */
export const responsesOperation: Operation<Record<string, unknown>> = {
  api: 'responses',
  endpoint: '/v1/responses',
  dialect: openaiDialect,
  parse(raw) {
    const body = parseJsonObject(raw, 'Responses');
    return { body, ...modelAndStream(body) };
  },
  prepare: (input) => passthroughCall('responses', input),
};

const OPERATIONS: Record<ClientApi, Operation> = {
  chat: chatOperation,
  messages: messagesOperation,
  count_tokens: countTokensOperation,
  responses: responsesOperation,
  embeddings: embeddingsOperation,
  completions: completionsOperation,
};

/** The operation serving `api`. */
export function operationFor(api: ClientApi): Operation {
  const operation = OPERATIONS[api];
  if (!operation) throw new TypeError(`unknown API ${JSON.stringify(api)}`);
  return operation;
}

export { chatOperation, countTokensOperation, messagesOperation, embeddingsOperation, completionsOperation };
export type { LocalAnswer, Operation, ParsedRequest, PrepareInput, UpstreamCall } from './operation.js';
