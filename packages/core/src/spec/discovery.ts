/**
 * What a local server (LM Studio, Ollama, llama.cpp's `llama-server`, vLLM) says it has, learned in
 * the background from its own model-listing endpoints. Kept in memory only.
 */
import type { UpstreamRequest } from './transport.js';

/** Whether a model is in memory and ready, or would be loaded on first use. */
export type ModelLoadState = 'loaded' | 'not-loaded';

/** One model a local server reported. */
export interface DiscoveredModel {
  /** The id the server knows it by (the name sent upstream). */
  id: string;
  /** Load state. */
  state: ModelLoadState;
  /** The server's kind of model (`llm`, `vlm`, `embeddings`, …), when it says. */
  type?: string;
  /** The longest context the model supports, in tokens, when known. */
  maxContextLength?: number;
  /** The context the loaded model runs with now, in tokens (loaded models only, when known). */
  loadedContextLength?: number;
}

/** Sends one request of a discovery and returns its JSON body; throws on a failed request or a body that is not JSON. */
export type DiscoveryFetch = (request: UpstreamRequest) => Promise<unknown>;

/** What the last refresh learned about one local server. */
export interface ServerDiscovery {
  /** False when the last refresh could not reach the server (its models then keep their last known details). */
  reachable: boolean;
  /** When the last refresh finished (epoch ms). */
  refreshedAt: number;
  /** Why the last refresh failed, when it did. */
  error?: string;
  /** The models, by id. */
  models: ReadonlyMap<string, DiscoveredModel>;
}

/** The context a model can hold for a request now: the loaded context when loaded, else the most it supports. */
export function usableContext(model: DiscoveredModel): number | undefined {
  return model.state === 'loaded' ? (model.loadedContextLength ?? model.maxContextLength) : model.maxContextLength;
}
