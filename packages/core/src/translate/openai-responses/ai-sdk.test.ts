/**
 * The AI SDK's OpenAI Responses provider (`@ai-sdk/openai`, `openai.responses(model)`) reading what
 * the translators produce, in a tool loop: its requests go through responsesRequestToChat, recorded
 * chat answers come back translated. Its `fetch` is a function here, so nothing listens and nothing
 * connects.
 */
import { createOpenAI } from '@ai-sdk/openai';
import { fixtureChunks, fixtureJson, sseFrames } from '@router/testkit';
import { generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { parseSseEvents } from '../anthropic-messages/parse-sse-events.js';
import { chatResponseToResponses } from './chat-response-to-responses.js';
import { chatStreamToResponses } from './chat-stream-to-responses.js';
import { responsesRequestToChat, type ResponsesTranslation } from './responses-request-to-chat.js';
import { encodeResponsesSse } from './responses-sse.js';

const encoder = new TextEncoder();

/** A provider whose n-th request is answered with the n-th recorded chat answer, translated; every translation is kept. */
function provider(answers: string[], translations: ResponsesTranslation[], store: Map<string, { input: unknown[]; output: unknown[] }> = new Map()) {
  let ids = 0;
  const generateId = () => `gen${++ids}`;
  return createOpenAI({
    apiKey: 'sk-test',
    baseURL: 'http://127.0.0.1:9/v1',
    fetch: async (_url: string | URL | Request, init?: RequestInit) => {
      const body = JSON.parse(String(init?.body));
      // Items the client names by id (it sends item_reference for a stored response's items) are looked up the way an engine would: by id across kept responses.
      const lookupItem = (id: string) => [...store.values()].flatMap((kept) => [...kept.input, ...kept.output]).find((item) => (item as { id?: unknown }).id === id);
      const translation = responsesRequestToChat(body, { lookupItem, previous: body.previous_response_id ? store.get(body.previous_response_id) : undefined });
      translations.push(translation);
      const name = answers[translations.length - 1];
      if (body.stream !== true) {
        const response = chatResponseToResponses(JSON.parse(fixtureJson(name)), translation, { generateId });
        store.set(response.id, { input: translation.input, output: response.output });
        return Response.json(response);
      }
      async function* bytes() {
        yield encoder.encode(sseFrames(fixtureChunks(name)).join(''));
      }
      const frames: Uint8Array[] = [];
      for await (const event of chatStreamToResponses(parseSseEvents(bytes()), translation, { generateId })) {
        if (event.type === 'response.completed') store.set(event.response.id, { input: translation.input, output: event.response.output });
        frames.push(encodeResponsesSse(event));
      }
      return new Response(new Blob(frames), { headers: { 'content-type': 'text/event-stream' } });
    },
  });
}

const weather = tool({
  description: 'Weather for a place',
  inputSchema: jsonSchema<{ location: string }>({ type: 'object', properties: { location: { type: 'string' } }, required: ['location'], additionalProperties: false }),
  execute: async ({ location }) => ({ location, temperature: 18 }),
});

describe('@ai-sdk/openai Responses provider against the translators', () => {
  it('generateText runs a tool loop: the call is executed and the result goes back as a function_call_output', async () => {
    const translations: ResponsesTranslation[] = [];
    const result = await generateText({ model: provider(['deepseek-tool-call', 'openai-text'], translations).responses('gpt-client'), prompt: 'Weather in San Francisco?', tools: { weather }, stopWhen: stepCountIs(3) });
    expect(result.steps).toHaveLength(2);
    expect(result.steps[0].toolCalls).toEqual([expect.objectContaining({ toolName: 'weather', input: { location: 'San Francisco' } })]);
    expect(result.steps[0].reasoningText?.length).toBeGreaterThan(0);
    expect(result.text).toBe(JSON.parse(fixtureJson('openai-text')).choices[0].message.content);
    const second = translations[1].chat.messages;
    const call = second.find((message) => message.role === 'assistant' && message.tool_calls !== undefined);
    expect(call).toMatchObject({ tool_calls: [{ function: { name: 'weather', arguments: expect.stringContaining('San Francisco') } }] });
    expect(second.at(-1)).toMatchObject({ role: 'tool', content: expect.stringContaining('18') });
    expect(result.totalUsage.inputTokens).toBe(339 + 16);
  });

  it('streamText runs the same tool loop over streams', async () => {
    const translations: ResponsesTranslation[] = [];
    const result = streamText({ model: provider(['dashscope-tool-call', 'dashscope-reasoning'], translations).responses('gpt-client'), prompt: 'Weather in San Francisco?', tools: { weather }, stopWhen: stepCountIs(3) });
    const parts: string[] = [];
    for await (const part of result.fullStream) parts.push(part.type);
    expect(parts).not.toContain('error');
    const steps = await result.steps;
    expect(steps).toHaveLength(2);
    expect(steps[0].toolCalls).toEqual([expect.objectContaining({ toolName: 'weather', input: { location: 'San Francisco' } })]);
    expect(await result.finishReason).toBe('stop');
    const lines = fixtureChunks('dashscope-reasoning').map((line) => JSON.parse(line));
    expect(await result.text).toBe(lines.map((chunk) => chunk.choices?.[0]?.delta?.content ?? '').join(''));
    expect(steps[1].reasoningText).toBe(lines.map((chunk) => chunk.choices?.[0]?.delta?.reasoning_content ?? '').join(''));
    expect(translations[1].chat.messages.at(-1)).toMatchObject({ role: 'tool' });
  });

  it('streamText with text and two interleaved calls: the stored text comes back as an item_reference, and the next request has the whole turn', async () => {
    const translations: ResponsesTranslation[] = [];
    const seen: unknown[] = [];
    const listIssues = tool({ description: 'Open issues', inputSchema: jsonSchema<Record<string, never>>({ type: 'object', properties: {} }), execute: async () => ['#1'] });
    const model = provider(['openai-interleaved-tool-calls', 'openai-text'], translations).responses('gpt-client');
    const result = streamText({ model, prompt: 'Weather in Paris, and my issues?', tools: { weather, listIssues }, stopWhen: stepCountIs(3), onError: ({ error }) => void seen.push(error) });
    await result.consumeStream();
    expect(seen).toEqual([]);
    const steps = await result.steps;
    expect(steps[0].toolCalls.map((call) => [call.toolName, call.input])).toEqual([['weather', { location: 'Paris' }], ['listIssues', {}]]);
    expect(steps[0].text).toBe('Checking both. Done.');
    // The AI SDK stores responses by default and names its earlier text by id: resolved through what the caller kept.
    expect(translations[1].request.input).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'item_reference' })]));
    expect(translations[1].chat.messages.slice(1)).toEqual([
      { role: 'assistant', content: 'Checking both. Done.', tool_calls: [
        expect.objectContaining({ function: { name: 'weather', arguments: '{"location":"Paris"}' } }),
        expect.objectContaining({ function: { name: 'listIssues', arguments: '{}' } }),
      ] },
      expect.objectContaining({ role: 'tool', content: '{"location":"Paris","temperature":18}' }),
      expect.objectContaining({ role: 'tool', content: '["#1"]' }),
    ]);
  });

  it('streamText reports an upstream error mid-stream as an error, not as a finished answer', async () => {
    const result = streamText({ model: provider(['openai-error-mid-stream'], []).responses('gpt-client'), prompt: 'Hi', onError: () => {} });
    const parts: Array<{ type: string; error?: unknown }> = [];
    for await (const part of result.fullStream) parts.push(part);
    expect(parts.some((part) => part.type === 'error')).toBe(true);
  });
});
