/** Reading a provider's model list, shared by the model catalogue, the probe and the adapters. */

/** Parses an OpenAI `/models` answer into ids. */
export function parseModelIds(text: string): string[] {
  const body = JSON.parse(text) as { data?: { id?: unknown }[] } | { id?: unknown }[];
  const list = Array.isArray(body) ? body : body.data;
  if (!Array.isArray(list)) throw new Error('the models answer has no "data" array');
  return list.map((entry) => entry?.id).filter((id): id is string => typeof id === 'string');
}
