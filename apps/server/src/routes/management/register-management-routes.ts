/**
 * The management API: providers, models, settings, mappings, the request log,
 * stats, history and comparisons. Every route is registered through `guardManagementRoutes`,
 * so the browser guard and the admin check run first in its own handler chain.
 */
import type { Router } from '@router/core';
import { createConfigService } from '@router/store';
import { guardManagementRoutes, managementGuards, type AuthOptions } from '../../auth/register-auth.js';
import type { ManagementContext, ManagementDependencies, ServerApp } from './management-context.js';
import { registerCompareRoutes } from './compare-routes.js';
import { registerKeyRoutes } from './keys-routes.js';
import { registerLogRoutes } from './logs-routes.js';
import { registerModelRoutes } from './models-routes.js';
import { registerProviderCheckRoutes } from './provider-checks-routes.js';
import { registerProviderRoutes } from './providers-routes.js';
import { registerProviderTypeRoutes } from './provider-types-routes.js';
import { registerSettingsRoutes } from './settings-routes.js';
import { registerRouteOptionsRoutes } from './route-options-routes.js';
import { registerPriceRoutes } from './prices-routes.js';
import { registerExperimentsRoutes } from './experiments-routes.js';
import { registerReplayRoutes } from './replay-routes.js';

export type { ManagementDependencies, LiveConfig } from './management-context.js';

/** Registers every management route, plus the model list and retrieve routes (they read the catalogue). */
export function registerManagementRoutes(server: ServerApp, deps: ManagementDependencies & { router: Router; auth?: AuthOptions }): void {
  const app = guardManagementRoutes(server, managementGuards(deps.auth));
  const ctx: ManagementContext = {
    ...deps,
    config: createConfigService(deps.store, { source: 'api' }),
    async applied() {
      // force: a poll that started before this write may still be running and would return its older snapshot
      await deps.configSource.refresh(true);
    },
  };
  const checks = registerProviderCheckRoutes(app, ctx);
  registerProviderRoutes(app, ctx, checks);
  registerProviderTypeRoutes(app, ctx);
  registerModelRoutes(app, ctx);
  registerSettingsRoutes(app, ctx);
  registerRouteOptionsRoutes(app, ctx);
  registerExperimentsRoutes(app, ctx);
  registerLogRoutes(app, ctx);
  registerCompareRoutes(app, ctx);
  registerPriceRoutes(app, ctx);
  registerReplayRoutes(app, ctx);
  registerKeyRoutes(app, ctx);
}
