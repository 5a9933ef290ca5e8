/** Runs the provider probe for `test` and `provider test`, prints the steps and stores what was learned. */
import { createAdapterRegistry, createFetchTransport, maskConfig, probeProvider, type ProbeResult, type ProviderEntry, type Transport } from '@router/core';
import { SETTING } from '@router/store';
import type { CliContext } from './context.js';
import { CliError, colours, createProgress, printJson, table } from './io.js';
import { positiveInt } from './parse.js';

/** Options of a probe run. */
export interface ProbeCommandOptions {
  json?: boolean;
  model?: string;
  timeout?: number | string;
  skipTools?: boolean;
}

async function findProvider(context: CliContext, id: string | undefined): Promise<{ provider: ProviderEntry; stored: boolean }> {
  const store = await context.store();
  const { legacy } = context.legacy();
  let target = id;
  if (target === undefined) {
    const defaultFromEnv = legacy.settings.find((setting) => setting.key === SETTING.defaultProvider)?.value;
    target = (await store.settings.getActiveProvider()) ?? (await store.settings.getDefaultProvider()) ?? defaultFromEnv;
    if (!target) throw new CliError('no active provider: name one (`provider-cli test <provider-id>`) or choose one with `provider-cli set <provider-id>`');
  }
  const record = await store.providers.find(target);
  if (record) return { provider: record, stored: true };
  const fromEnv = legacy.providers.find((provider) => provider.id === target);
  if (fromEnv) return { provider: fromEnv, stored: false };
  throw new CliError(`Provider "${target}" does not exist. See \`provider-cli provider list\`.`);
}

/** The global-fetch transport, with the network cause (`ECONNREFUSED 127.0.0.1:9`) added to fetch's bare "fetch failed". */
function createProbeTransport(): Transport {
  const transport = createFetchTransport();
  return async (request) => {
    try {
      return await transport(request);
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      if (!cause?.message || (error as Error).message.includes(cause.message)) throw error;
      throw new Error(`${(error as Error).message}: ${cause.message}`, { cause: error });
    }
  };
}

/** What a probe learned, and whether it was stored on the provider. */
export interface ProbeOutcome {
  result: ProbeResult;
  stored: boolean;
}

/** Probes a provider from here (the database's, or the environment's): the direct mode's `testProvider`. */
export async function probeHere(context: CliContext, id: string | undefined, options: { model?: string; timeoutMs?: number; skipTools?: boolean }): Promise<ProbeOutcome> {
  const { timeoutMs } = options;
  const { provider, stored } = await findProvider(context, id);
  const { adapter, fallback } = createAdapterRegistry().get(provider.type);
  const parsed = adapter.configSchema.safeParse(provider.config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(`provider "${provider.id}" is misconfigured: config.${issue.path.map(String).join('.') || '(config)'} ${issue.message}`);
  }
  const instance = adapter.create({ id: provider.id, config: parsed.data, capabilities: provider.capabilities ?? null });
  const progress = createProgress(context.io, `Testing ${provider.id} (${String(maskConfig(provider.config).baseURL ?? provider.type)})…`);
  let result;
  try {
    result = await probeProvider({ provider, instance, transport: createProbeTransport(), adapterFallback: fallback, model: options.model, timeoutMs, skipTools: options.skipTools });
  } finally {
    progress.done();
  }
  // what the upstream sent back (the steps' details and errors) may echo any of its secrets, however short
  result = { ...result, steps: context.redactFrom(result.steps, [provider.id]) };
  if (stored) await (await context.store()).providers.setCapabilities(provider.id, result.capabilities);
  return { result, stored };
}

/** Probes one provider (the active one when `id` is undefined), from here or by the router (`--server`); fails with exit 1 when the probe fails. */
export async function runProbe(context: CliContext, id: string | undefined, options: ProbeCommandOptions): Promise<void> {
  const timeoutMs = options.timeout === undefined ? undefined : positiveInt(options.timeout, 'timeout', 600_000);
  const client = context.client();
  // on a router the probe runs there: the wait is shown here (from here, probeHere shows it with the provider's address)
  const progress = client.mode === 'server' ? createProgress(context.io, `Testing ${id ?? 'the active provider'} on the router at ${client.location}…`) : undefined;
  let outcome: ProbeOutcome;
  try {
    outcome = await client.testProvider(id, { model: options.model, timeoutMs, skipTools: options.skipTools });
  } finally {
    progress?.done();
  }
  const { result, stored } = outcome;
  const provider = { id: result.providerId, type: result.type };
  const warnings = stored ? result.warnings : [...result.warnings, `"${provider.id}" comes from the environment: what was learned is not stored (run \`provider-cli migrate\`).`];
  if (options.json) printJson(context.io, { ...result, warnings, capabilitiesStored: stored });
  else {
    const paint = colours(context.io.isTTY);
    context.io.stdout(
      `Provider ${provider.id} (${provider.type})${result.model ? `, model ${result.model}` : ''}\n` +
        table(['STEP', 'RESULT', 'MS', 'DETAIL'], result.steps.map((step) => [step.name, step.ok ? paint.green('ok') : paint.red('failed'), step.latencyMs, step.ok ? step.detail : step.error])) +
        warnings.map((warning) => `warning: ${warning}\n`).join('') +
        (stored ? 'Capabilities stored on the provider.\n' : ''),
    );
  }
  if (!result.ok) {
    const failed = result.steps.find((step) => !step.ok);
    throw new CliError(`provider "${provider.id}" failed the test${failed ? ` at ${failed.name}: ${failed.error}` : result.reachable ? '' : ': unreachable'}`);
  }
}
