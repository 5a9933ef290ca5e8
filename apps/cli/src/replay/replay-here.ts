/**
 * Replay on the database (the CLI's direct mode): the logged requests read from it, sent through
 * an engine built from its stored configuration (the way `provider-cli test` calls providers), the
 * answers logged into it as replay rows by an in-process log writer (redacted and priced as the
 * server's are).
 */
import { broadSecretValuesOfSnapshot, createFetchTransport, createRedactor, createRouter, replayRequest, type ConfigSnapshot, type ReplayResult, type ReplayTarget, type Router } from '@router/core';
import { bodyStorageFrom, createLogWriter, loadSnapshot, pricedProvidersOf, replayCandidates, type LogWriter, type Store } from '@router/store';
import { CliError } from '../io.js';
import type { ReplayPlan, ReplayRow } from '../client/router-client.js';

/** Checks a replay target on the stored configuration: the provider exists and is enabled. */
async function checkTarget(store: Store, to: ReplayTarget): Promise<void> {
  const provider = await store.providers.find(to.providerId);
  if (!provider) throw new CliError(`Provider "${to.providerId}" does not exist. See \`provider-cli provider list\`.`);
  if (!provider.enabled) throw new CliError(`Provider "${to.providerId}" is disabled; enable it (\`provider-cli provider enable ${to.providerId}\`) to replay requests to it.`);
}

/** The direct mode's replay: `plan`, `replay` each row, then `finish` (writes the log rows). */
export function createLocalReplay(store: () => Promise<Store>) {
  let engine: Promise<{ router: Router; writer: LogWriter }> | undefined;

  async function build(): Promise<{ router: Router; writer: LogWriter }> {
    const opened = await store();
    const snapshot: ConfigSnapshot = await loadSnapshot(opened);
    const secrets = broadSecretValuesOfSnapshot(snapshot);
    const redact = createRedactor({ secrets });
    const priced = pricedProvidersOf(snapshot);
    const writer = createLogWriter({ logs: opened.logs, redact: () => redact, bodies: () => bodyStorageFrom(snapshot.settings), providers: () => priced, prices: () => snapshot.prices, flushIntervalMs: 50 });
    const router = createRouter({ config: { current: () => snapshot }, transport: createFetchTransport(), logSink: writer });
    return { router, writer };
  }

  return {
    async plan(query: { from: string; since: number; limit?: number; to: ReplayTarget }): Promise<ReplayPlan> {
      const opened = await store();
      await checkTarget(opened, query.to);
      const fromProvider = (await opened.providers.find(query.from)) !== null;
      const { rows, skipped } = await replayCandidates(opened.db, { ...(fromProvider ? { providerId: query.from } : { model: query.from }), since: query.since, limit: query.limit });
      return { from: { kind: fromProvider ? 'provider' : 'route', id: query.from }, rows, skipped };
    },
    async replay(row: ReplayRow, to: ReplayTarget, signal: AbortSignal): Promise<ReplayResult> {
      if (row.body === undefined) throw new CliError(`request ${row.id} has no body to replay`);
      const { router } = await (engine ??= build());
      return replayRequest(router, { id: row.id, endpoint: row.endpoint, body: row.body }, to, { signal });
    },
    async finish(): Promise<void> {
      if (!engine) return;
      const { writer } = await engine;
      await writer.close();
    },
  };
}
