export { lmStudioAdapter, mapLmStudioError, errorMessageOf, listedModels } from './adapter.js';
export { lmStudioConfigSchema, LM_STUDIO_DEFAULT_BASE_URL, type LmStudioConfig } from './config.js';
export { discoverLmStudio, parseLmStudioModels } from './discovery.js';
