/** @router/cli: `provider-cli` as a library (`run(argv, io)`). */
export { run, describeError } from './run.js';
export { CliError, table, type CliIO } from './io.js';
export { parseConfigPairs, parseSince, parseTargets, formatTargets } from './parse.js';
