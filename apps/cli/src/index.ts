/** @router/cli: `provider-cli` as a library (`run(argv, io)`). */
export { run, describeError } from './run.js';
export { CliError, table, type CliIO } from './io.js';
export { parseConfigPairs } from './commands/provider.js';
