// Global setup of the end-to-end test projects: builds the workspace packages that are out of
// date, once per test run, so `vitest run <one e2e file>` tests the current sources.
// @ts-expect-error: a plain ES module without type declarations
import { buildStale } from './build.mjs';

const state = globalThis as { routerBuild?: Promise<void> };

export default async function setup(): Promise<void> {
  state.routerBuild ??= Promise.resolve().then(() => {
    buildStale({ quiet: true });
  });
  await state.routerBuild;
}
