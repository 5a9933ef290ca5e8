#!/usr/bin/env node
/** Entry point: reads the environment, starts the server, shuts down cleanly on SIGTERM/SIGINT. */
import { loadDotEnv, parseEnv } from './env.js';
import { startServer } from './start-server.js';

async function main(): Promise<void> {
  loadDotEnv();
  const env = parseEnv(process.env);
  const running = await startServer(env);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    running.logger.info('shutting down', { signal });
    running.close().then(
      () => process.exit(0),
      (error) => {
        running.logger.error('shutdown failed', { error: String(error) });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error) => {
  process.stderr.write(`router: ${(error as Error).message}\n`);
  process.exit(1);
});
