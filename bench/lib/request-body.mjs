// The chat request every load run sends: small, like a short real prompt.

/** The JSON body of one chat request, streaming (with a usage chunk) or not. */
export function requestBody(stream) {
  return JSON.stringify({
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: 'You are a helpful assistant.' },
      { role: 'user', content: 'Say something short about measuring HTTP proxies, please.' },
    ],
    max_tokens: 64,
    temperature: 0,
    ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  });
}

/** The same prompt as an Anthropic Messages streaming request. */
export function messagesBody() {
  return JSON.stringify({
    model: 'gpt-4o-mini',
    system: 'You are a helpful assistant.',
    messages: [{ role: 'user', content: 'Say something short about measuring HTTP proxies, please.' }],
    max_tokens: 64,
    temperature: 0,
    stream: true,
  });
}
