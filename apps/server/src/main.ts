#!/usr/bin/env node
/**
 * Entry point: reads the environment, starts the server, shuts down cleanly on
 * SIGTERM/SIGINT (stop accepting, let requests in flight finish within
 * SHUTDOWN_GRACE_MS, flush the log, close the database, exit 0). A second
 * signal while shutting down exits at once.
 */
import { loadDotEnv, parseEnv } from './env.js';
import { startServer } from './start-server.js';

async function main(): Promise<void> {
  loadDotEnv();
  const env = parseEnv(process.env);
  const running = await startServer(env);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      running.logger.warn('second signal: exiting without waiting', { signal });
      process.exit(1);
    }
    stopping = true;
    running.logger.info('shutting down', { signal });
    running.close().then(
      () => {
        running.logger.info('shut down cleanly', { log: running.logWriter.stats() });
        process.exit(0);
      },
      (error) => {
        running.logger.error('shutdown failed', { error: String(error) });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

// Every start-up failure is one line on stderr and exit code 1: the configuration and database
// errors say what to do (StartupError); anything else is reported by its message, never a stack.
main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`router: ${message.replace(/\s*\n\s*/g, ' ').trim()}\n`);
  process.exit(1);
});
