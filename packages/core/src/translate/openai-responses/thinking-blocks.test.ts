/**
 * Anthropic's signed thinking through a Responses client: the recorded-shape Anthropic stream with
 * a signed and a redacted thinking block (the constructed `anthropic-thinking-tool` fixture), as the
 * `anthropic` provider turns it into a chat stream, then into Responses events, cut at every byte
 * boundary; the blocks in the reasoning item's `encrypted_content`; read back from a reasoning input
 * item into the chat request; and kept from providers that do not read them.
 */
import { anthropicSseFrames, differingCuts, fixtureChunks, fixtureThinkingBlocks, frameCutLists } from '@router/testkit';
import { describe, expect, it } from 'vitest';
import { parseSseEvents } from '../anthropic-messages/parse-sse-events.js';
import { messagesSseToChatSse } from '../chat-to-anthropic/messages-stream-to-chat.js';
import { chatResponseToResponses } from './chat-response-to-responses.js';
import { chatStreamToResponses } from './chat-stream-to-responses.js';
import { checkResponsesStream } from './check-responses-stream.js';
import { responsesRequestToChat } from './responses-request-to-chat.js';
import { THINKING_CONTENT_PREFIX, ThinkingPieces, thinkingContent, thinkingFromContent } from './thinking-blocks.js';
import { withReasoningFor } from '../shared/reasoning-history.js';
import type { ResponsesResponse, ResponsesStreamEvent } from './types.js';

const [signed, redacted] = fixtureThinkingBlocks('anthropic-thinking-tool') as [{ type: 'thinking'; thinking: string; signature: string }, { type: 'redacted_thinking'; data: string }];
const context = responsesRequestToChat({ model: 'claude', input: 'Weather in Paris?', stream: true, tools: [{ type: 'function', name: 'get_weather', parameters: { type: 'object' } }] });
const encoder = new TextEncoder();
const frames = anthropicSseFrames(fixtureChunks('anthropic-thinking-tool')).map((frame) => encoder.encode(frame));
const bytes = new Uint8Array(frames.reduce((total, frame) => total + frame.length, 0));
frames.reduce((at, frame) => (bytes.set(frame, at), at + frame.length), 0);

async function* pieces<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

/** Anthropic SSE bytes → (the anthropic provider's chat stream) → Responses events. */
async function translate(parts: Uint8Array[]): Promise<ResponsesStreamEvent[]> {
  let ids = 0;
  const out: ResponsesStreamEvent[] = [];
  for await (const event of chatStreamToResponses(parseSseEvents(messagesSseToChatSse(pieces(parts))), context, { generateId: () => `gen${++ids}`, now: () => 1_764_500_000_000 })) out.push(event);
  return out;
}

describe('the blocks in encrypted_content', () => {
  it('round-trips whole blocks, and refuses pieces, other values and altered ones', () => {
    const content = thinkingContent([signed, redacted])!;
    expect(content.startsWith(THINKING_CONTENT_PREFIX)).toBe(true);
    expect(thinkingFromContent(content)).toEqual([signed, redacted]);
    // a block without its signature (a client that kept a piece) would be refused by Anthropic: none is written
    expect(thinkingContent([{ type: 'thinking', thinking: 'x' }])).toBeUndefined();
    expect(thinkingContent([])).toBeUndefined();
    for (const other of ['gAAAAABopenai', `${THINKING_CONTENT_PREFIX}{`, `${THINKING_CONTENT_PREFIX}[]`, `${THINKING_CONTENT_PREFIX}[{"type":"thinking","thinking":"x"}]`, 42, null]) expect(thinkingFromContent(other)).toBeNull();
  });

  it('joins streamed pieces: text until the signature, a redacted block whole', () => {
    const joined = new ThinkingPieces();
    expect(joined.pending).toBe(false);
    joined.add([{ type: 'thinking', thinking: 'The user' }]);
    joined.add([{ type: 'thinking', thinking: ' wants it.' }]);
    expect(joined.pending).toBe(true);
    joined.add([{ type: 'thinking', thinking: '', signature: 'sig' }]);
    joined.add([{ type: 'redacted_thinking', data: 'opaque' }]);
    expect(thinkingFromContent(joined.take())).toEqual([{ type: 'thinking', thinking: 'The user wants it.', signature: 'sig' }, { type: 'redacted_thinking', data: 'opaque' }]);
    expect(joined.pending).toBe(false);
    // a block cut before its signature is not whole: nothing to send back
    joined.add([{ type: 'thinking', thinking: 'unsigned' }]);
    expect(joined.take()).toBeUndefined();
  });
});

describe('Anthropic thinking → a Responses stream', () => {
  it('closes the reasoning item with both blocks in encrypted_content, before the call; the same however the bytes are cut', async () => {
    const reference = await translate([bytes]);
    expect(checkResponsesStream(reference)).toEqual([]);
    const done = reference.flatMap((event) => (event.type === 'response.output_item.done' && 'item' in event ? [event.item] : []));
    expect(done.map((item) => item.type)).toEqual(['reasoning', 'function_call']);
    expect(done[0]).toMatchObject({ type: 'reasoning', summary: [{ type: 'summary_text', text: signed.thinking }] });
    expect(thinkingFromContent((done[0] as { encrypted_content?: string }).encrypted_content)).toEqual([signed, redacted]);
    const final = (reference.at(-1) as { response: ResponsesResponse }).response;
    expect(final.output[0]).toEqual(done[0]);

    const text = JSON.stringify(reference);
    expect(await differingCuts(bytes, frameCutLists(frames), async (parts) => JSON.stringify(await translate(parts)), text)).toEqual([]);
  });

  it('gives redacted thinking without text a reasoning item of its own, also after a call began', async () => {
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({ type: 'chunk' as const, chunk: { id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] } });
    const call = { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] };
    for (const [name, stream] of [
      ['before the call', [chunk({ role: 'assistant', thinking_blocks: [redacted] }), chunk(call), chunk({}, 'tool_calls')]],
      ['after the call', [chunk(call), chunk({ thinking_blocks: [redacted] }), chunk({}, 'tool_calls')]],
    ] as const) {
      const out: ResponsesStreamEvent[] = [];
      for await (const event of chatStreamToResponses(pieces([...stream, { type: 'done' as const }]), context)) out.push(event);
      expect(checkResponsesStream(out), name).toEqual([]);
      const final = (out.at(-1) as { response: ResponsesResponse }).response;
      const reasoning = final.output.find((item) => item.type === 'reasoning') as { encrypted_content?: string } | undefined;
      expect(thinkingFromContent(reasoning?.encrypted_content), name).toEqual([redacted]);
    }
  });

  it('a whole answer: the message\'s thinking_blocks in the reasoning item (one with no text too)', () => {
    const answer = (message: Record<string, unknown>) => ({ id: 'c', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: null, ...message, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] }, finish_reason: 'tool_calls' }] });
    const withText = chatResponseToResponses(answer({ reasoning_content: signed.thinking, thinking_blocks: [signed, redacted] }), context);
    expect(withText.output[0]).toMatchObject({ type: 'reasoning', summary: [{ type: 'summary_text', text: signed.thinking }] });
    expect(thinkingFromContent((withText.output[0] as { encrypted_content?: string }).encrypted_content)).toEqual([signed, redacted]);
    const redactedOnly = chatResponseToResponses(answer({ thinking_blocks: [redacted] }), context);
    expect(redactedOnly.output.map((item) => item.type)).toEqual(['reasoning', 'function_call']);
    expect(redactedOnly.output[0]).toMatchObject({ summary: [] });
    // pieces of a block (no signature): no encrypted_content, and no item where there is no text either
    const partial = chatResponseToResponses(answer({ thinking_blocks: [{ type: 'thinking', thinking: 'x' }] }), context);
    expect(partial.output.map((item) => item.type)).toEqual(['function_call']);
  });
});

describe('a reasoning input item with the blocks → the chat request', () => {
  const input = [
    { role: 'user', content: 'Weather in Paris?' },
    { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: signed.thinking }], encrypted_content: thinkingContent([signed, redacted]) },
    { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'get_weather', arguments: '{"location":"Paris"}' },
    { type: 'function_call_output', call_id: 'call_1', output: 'rainy' },
  ];

  it('puts them on the assistant message of the calls that follow; of a reasoning item it did not write, keeps only the text', () => {
    const { chat, droppedItems } = responsesRequestToChat({ model: 'claude', input, tools: context.request.tools, reasoning: { effort: 'low' } });
    expect(chat.messages[1]).toEqual({ role: 'assistant', content: null, thinking_blocks: [signed, redacted], tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } }] });
    expect(droppedItems).toEqual([]);
    const other = responsesRequestToChat({ model: 'claude', input: input.map((item) => ('encrypted_content' in item ? { ...item, encrypted_content: 'gAAAAABopenai' } : item)) });
    expect(other.chat.messages[1]).not.toHaveProperty('thinking_blocks');
    expect(other.chat.messages[1]).toMatchObject({ reasoning_content: signed.thinking });
    expect(other.droppedItems).toEqual([]);
  });

  it('keeps them from a provider that does not read them: withReasoningFor(chat, null), an assistant message with nothing else left out', () => {
    const { chat } = responsesRequestToChat({ model: 'claude', input, tools: context.request.tools });
    const plain = withReasoningFor(chat, null);
    expect(JSON.stringify(plain)).not.toContain('thinking_blocks');
    expect(plain.messages[1]).toEqual({ role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } }] });
    const alone = responsesRequestToChat({ model: 'claude', input: [input[0], input[1], { role: 'user', content: 'And now?' }] }).chat;
    expect(alone.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(withReasoningFor(alone, null).messages.map((message) => message.role)).toEqual(['user', 'user']);
    // no blocks anywhere: the same body
    const none = responsesRequestToChat({ model: 'claude', input: 'x' }).chat;
    expect(withReasoningFor(none, null)).toBe(none);
  });

  it('gives each provider only the reasoning it reads (withReasoningFor): the blocks, the text, or neither', () => {
    const textual = { type: 'reasoning', id: 'rs_2', summary: [{ type: 'summary_text', text: 'Look it up.' }] };
    const { chat } = responsesRequestToChat({ model: 'm', input: [input[0], input[1], textual, ...input.slice(2)], tools: context.request.tools });
    const call = { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } };
    expect(chat.messages[1]).toEqual({ role: 'assistant', content: null, thinking_blocks: [signed, redacted], reasoning_content: 'Look it up.', tool_calls: [call] });
    expect(withReasoningFor(chat, 'thinking_blocks').messages[1]).toEqual({ role: 'assistant', content: null, thinking_blocks: [signed, redacted], tool_calls: [call] });
    expect(withReasoningFor(chat, 'reasoning_content').messages[1]).toEqual({ role: 'assistant', content: null, reasoning_content: 'Look it up.', tool_calls: [call] });
    expect(withReasoningFor(chat, null).messages[1]).toEqual({ role: 'assistant', content: null, tool_calls: [call] });
    // reasoning text with nothing else is no chat turn, whoever reads reasoning
    const alone = responsesRequestToChat({ model: 'm', input: [input[0], textual, { role: 'user', content: 'And now?' }] }).chat;
    expect(alone.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(withReasoningFor(alone, 'reasoning_content').messages.map((message) => message.role)).toEqual(['user', 'user']);
  });
});
