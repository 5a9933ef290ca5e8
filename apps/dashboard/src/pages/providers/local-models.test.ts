import { describe, expect, it } from 'vitest';
import { localModelRows } from './local-models.ts';

describe('local server models', () => {
  it('lists loaded models first with their contexts, and marks an unreachable server', () => {
    const discovered = {
      reachable: true, refreshedAt: '2026-12-01T00:00:00.000Z', error: null,
      models: [
        { id: 'gemma-3-12b', state: 'not-loaded' as const, type: 'vlm', contextLength: 131072, maxContextLength: 131072, loadedContextLength: null },
        { id: 'qwen3-8b', state: 'loaded' as const, type: 'llm', contextLength: 8192, maxContextLength: 32768, loadedContextLength: 8192 },
      ],
    };
    expect(localModelRows(discovered)).toEqual([
      { id: 'qwen3-8b', state: 'loaded', context: '8,192', maxContext: '32,768', type: 'llm' },
      { id: 'gemma-3-12b', state: 'not-loaded', context: '131,072', maxContext: '131,072', type: 'vlm' },
    ]);
    expect(localModelRows({ ...discovered, reachable: false }).map((row) => row.state)).toEqual(['unreachable', 'unreachable']);
  });
});
