export { qwenAdapter } from './adapter.js';
export { qwenConfigSchema, DASHSCOPE_REGIONS, type DashScopeRegion, type QwenConfig } from './config.js';
export { applyThinking, requestedThinking, EFFORT_BUDGETS, DEFAULT_THINKING_BUDGET } from './reasoning.js';
export { mapDashScopeError } from './dashscope-error.js';
