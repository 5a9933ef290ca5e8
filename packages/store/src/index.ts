/**
 * @router/store: the router's SQLite (libsql) storage: schema, migrations,
 * repositories, and the store-backed config source and log sink.
 */
export { openStore, type OpenStoreOptions, type PostgresStore, type SqliteStore, type Store, type StoreRepositories } from './store.js';
export { migrationsFolder, DEFAULT_DATABASE_URL, type Database } from './open-store.js';
export { openDatabase, normalizeDatabaseUrl, type OpenDatabase } from './sqlite/open-sqlite.js';
export * as schema from './schema/index.js';
export { dialectOf, rawRows, rawStatement, runBatch, tablesOf, type Statement, type Tables } from './dialect.js';
export { createStoreConfigSource, loadSnapshot, readRevision, type StoreConfigSource } from './config-source.js';
export { createLogWriter, type LogWriter, type LogWriterOptions, type LogWriterStats } from './log/log-writer.js';
export { createWorkerLogWriter, logWorkerUrl, type WorkerLogWriterOptions } from './log/create-worker-log-writer.js';
export { keyedUsage, tallyUsage, writtenRows, type KeyedUsage, type UsageTally, type WrittenRow } from './log/usage-tally.js';
export { createBundledRateTable, pricedModels, pricedProvidersOf, type BundledRateTable } from './log/bundled-rate-table.js';
export { PRICE_CATALOGUE, LOCAL_PROVIDER_TYPES, bundledPrice, catalogueRates, lookUpRates, takeLearnedRates, requestCost, type BundledPrice, type LearnedRates, type PricedProvider, type RequestCost } from './log/request-cost.js';
export { createTextRedactor, secretValues, DEFAULT_SECRET_PATTERNS, type RedactionRules } from './log/redaction.js';
export { createProvidersRepository, maskProvider, parseConfigValue, type ProviderInput, type ProviderPatch, type ProviderRecord, type ProvidersRepository } from './repositories/providers.js';
export { createSettingsRepository, SETTING, type SettingsRepository } from './repositories/settings.js';
export { createMappingsRepository, parseModelMappings, type MappingRecord, type MappingsRepository } from './repositories/mappings.js';
export { createModelsRepository, type ModelInput, type ModelRecord, type ModelsRepository } from './repositories/models.js';
export { replayCandidates, REPLAYABLE_ENDPOINTS, type ReplayCandidate, type ReplayFilter } from './repositories/replay-candidates.js';
export { createPricesRepository, type PriceRecord, type PricesRepository } from './repositories/prices.js';
export { normalizePriceInput, MAX_PRICE_PER_MILLION } from './config-service/price-input.js';
export { createHistoryRepository, historyInsert, type Change, type ChangeSource, type HistoryEntry, type HistoryRepository } from './repositories/history.js';
export { LOG_ENDPOINTS, LOG_ENDPOINT_VALUES, logEndpointName, logEndpointPath, parseLogEndpoint } from './repositories/log-endpoints.js';
export { createLogsRepository, toLogRow, type KeyStatsRow, type LogFilter, type LogRowOptions, type RequestLogRow, type StatsRow, type SeriesRow, type SeriesGroup, type LogsRepository } from './repositories/logs.js';
export { assertModelId, assertProviderId, isProviderId, MODEL_ID_PATTERN, PROVIDER_ID_PATTERN } from './ids.js';
export {
  readLegacyEnv, hasLegacySettings, createLegacyOverlay, planLegacyMigration, applyLegacyMigration, LEGACY_ENV_KEYS, REQUEST_TIMEOUT_SETTING,
  type LegacyEnv, type LegacyProvider, type LegacySetting, type MigrationStep,
} from './legacy-env.js';
export { TUNABLE_SETTINGS, normalizeTunableSetting } from './tunable-settings.js';
export { createDiscoveryKeeper, type DiscoveryKeeper } from './discovery-keeper.js';
export type { ScorecardFilter, ScorecardRow } from './repositories/scorecard.js';
export { LOG_SETTINGS, bodyStorageFrom, retentionPolicyFrom, parseBodyStorage, type BodyStorage, type RetentionPolicy } from './log/log-policy.js';
export { pruneLogs, type PruneOptions, type PruneResult } from './log/prune-logs.js';
export { storageError } from './storage-error.js';
export { createRouteOptionsRepository, emptyRouteOptions, type RouteOptionsRecord, type RouteOptionsRepository } from './repositories/route-options.js';
export { createExperimentsRepository, type ExperimentsRepository } from './repositories/experiments.js';
export { targetStats, type TargetStatsRow } from './repositories/target-stats.js';
export { pairReport, summarizePairs, type PairQuery, type PairRow, type PairSide, type PairSummary } from './repositories/shadow-report.js';
export { agreement, editSimilarity, normalizeAnswer, toolCallsOf, type Agreement } from './repositories/pair-agreement.js';
export { applyRouteOptionsPatch, MAX_SHADOW_TARGETS, type RouteOptionsPatch } from './config-service/route-options-patch.js';
export {
  createClientKeysRepository, clientKeyViews, generateClientKeyValue, hashClientKey, clientKeyPrefix, CLIENT_KEY_PREFIX,
  type ClientKeyInput, type ClientKeyPatch, type ClientKeyRecord, type ClientKeyUsageIncrement, type ClientKeyWindowCount, type ClientKeyUsageRow, type ClientKeysRepository, type ClientKeyView,
} from './repositories/client-keys.js';
export { CLIENT_KEY_NAME_PATTERN, MIN_BUDGET_PERIOD_MS, type ClientKeyChange, type IssuedClientKey } from './config-service/client-key-operations.js';
export { createConfigService, RESERVED_PROVIDER_IDS, type ConfigService, type ConfigServiceOptions, type ModelLinkInput, type ProviderRemoval } from './config-service/config-service.js';
export { copyStoreToPostgres, maskDatabaseUrl, type TableCopy } from './postgres/copy-to-postgres.js';
