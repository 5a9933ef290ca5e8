/** @router/server: the app factory and the server wiring, for tests and embedding. */
export { createApp, type AppDependencies } from './app.js';
export { startServer, legacyOverlay, serverVersion, type RunningServer } from './start-server.js';
export { parseEnv, loadDotEnv, type ServerEnv } from './env.js';
export { createUndiciTransport, type UndiciTransport, type UndiciTransportOptions } from './node/undici-transport.js';
export { createLogger, type Logger, type LogLevel } from './logger.js';
export { createRedactor } from './redact.js';
