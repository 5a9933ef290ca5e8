/**
 * OpenAI-style reasoning controls → DashScope's `enable_thinking` and
 * `thinking_budget`. Clients that already send `enable_thinking` speak
 * DashScope and are left alone.
 */
import type { ChatCompletionBody } from '../../spec/adapter.js';

/** Thinking budgets for `reasoning_effort` (tokens; below the 38912 most Qwen3 models allow). */
export const EFFORT_BUDGETS: Readonly<Record<string, number>> = { low: 2048, medium: 8192, high: 32768, xhigh: 32768 };

/** The default budget when thinking is turned on without one. */
export const DEFAULT_THINKING_BUDGET = 8192;

/** What the client asked for: thinking on (with a budget), off, or nothing said. */
export function requestedThinking(body: ChatCompletionBody, defaultBudget = DEFAULT_THINKING_BUDGET): { enable: boolean; budget?: number } | null {
  const thinking = body.thinking;
  if (typeof thinking === 'boolean') return thinking ? { enable: true, budget: numberOr(body.thinking_budget, defaultBudget) } : { enable: false };
  if (thinking && typeof thinking === 'object') {
    // Anthropic / DeepSeek style: {"type": "enabled", "budget_tokens": 4096}
    const shaped = thinking as { type?: unknown; budget_tokens?: unknown };
    if (shaped.type === 'disabled') return { enable: false };
    return { enable: true, budget: numberOr(shaped.budget_tokens, defaultBudget) };
  }
  const effort = body.reasoning_effort;
  if (typeof effort === 'string') {
    if (effort === 'none' || effort === 'minimal') return { enable: false };
    return { enable: true, budget: EFFORT_BUDGETS[effort] ?? defaultBudget };
  }
  return null;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : fallback;
}

/**
 * The body DashScope should get. Non-streaming calls say `enable_thinking`
 * explicitly: Qwen3 models that think by default refuse a non-streaming call
 * unless it is false ("parameter.enable_thinking must be set to false for
 * non-streaming calls").
 */
export function applyThinking(body: ChatCompletionBody, stream: boolean, defaultBudget?: number): ChatCompletionBody {
  if ('enable_thinking' in body) return body;
  const wanted = requestedThinking(body, defaultBudget);
  if (!wanted && stream) return body;
  const { reasoning_effort: _effort, thinking: _thinking, ...rest } = body;
  if (!wanted || !wanted.enable) {
    const { thinking_budget: _budget, ...withoutBudget } = rest;
    return { ...withoutBudget, enable_thinking: false } as ChatCompletionBody;
  }
  return { ...rest, enable_thinking: true, thinking_budget: wanted.budget } as ChatCompletionBody;
}
