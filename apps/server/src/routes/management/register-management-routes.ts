/**
 * The management API: providers, models, settings, mappings, the request log,
 * stats and history. Auth is applied by `registerAuth` before any route.
 */
import type { Router } from '@router/core';
import type { ManagementContext, ManagementDependencies, ServerApp } from './management-context.js';
import { registerLogRoutes } from './logs-routes.js';
import { registerModelRoutes } from './models-routes.js';
import { registerProviderCheckRoutes } from './provider-checks-routes.js';
import { registerProviderRoutes } from './providers-routes.js';
import { registerSettingsRoutes } from './settings-routes.js';

export type { ManagementDependencies, LiveConfig } from './management-context.js';

/** Registers every management route, plus the model list and retrieve routes (they read the catalogue). */
export function registerManagementRoutes(app: ServerApp, deps: ManagementDependencies & { router: Router }): void {
  const ctx: ManagementContext = {
    ...deps,
    async applied() {
      // force: a poll that started before this write may still be running and would return its older snapshot
      await deps.configSource.refresh(true);
    },
  };
  const checks = registerProviderCheckRoutes(app, ctx);
  registerProviderRoutes(app, ctx, checks);
  registerModelRoutes(app, ctx);
  registerSettingsRoutes(app, ctx);
  registerLogRoutes(app, ctx);
}
