import { describe, expect, it } from 'vitest';
import { openStore } from '@router/store';
import { cli, DOOR, ok, oneLineError, SERVER_MODE, tempDb } from '../../test/harness.js';

async function setup() {
  const { db } = tempDb();
  for (const id of ['lm-studio-home', 'qwen-cloud', 'groq']) await ok(db, ['provider', 'add', '--id', id, '--config', 'baseURL=http://127.0.0.1:1/v1']);
  return db;
}

describe('route (mapping) commands', () => {
  it('sets ordered targets with upstream models, weights and priorities', async () => {
    const db = await setup();
    expect((await ok(db, ['route', 'set', 'qwen3-coder', 'lm-studio-home,qwen-cloud'])).stdout).toBe('Route qwen3-coder → lm-studio-home,qwen-cloud\n');
    await ok(db, ['mapping', 'set', 'fast', 'groq*3,qwen-cloud:qwen-turbo*1', '--balance']);
    const store = await openStore({ url: db });
    expect((await store.mappings.get('qwen3-coder')).targets).toEqual([
      { providerId: 'lm-studio-home', model: null, weight: 1 },
      { providerId: 'qwen-cloud', model: null, weight: 1 },
    ]);
    expect((await store.mappings.get('fast')).targets).toEqual([
      { providerId: 'groq', model: null, weight: 3, priority: 0 },
      { providerId: 'qwen-cloud', model: 'qwen-turbo', weight: 1, priority: 0 },
    ]);
    expect((await store.history.list({ limit: 1 }))[0]).toMatchObject({ source: DOOR, entity: 'mapping', entityId: 'fast' });
    store.close();
    const table = await ok(db, ['route', 'list']);
    expect(table.stdout).toMatch(/MODEL\s+TARGETS\s+SOURCE/);
    expect(table.stdout).toMatch(/fast\s+groq\*3@0,qwen-cloud:qwen-turbo@0\s+database/);
    expect(table.stdout).toMatch(/qwen3-coder\s+lm-studio-home,qwen-cloud\s+database/);
    // replacing a route keeps one mapping per model
    await ok(db, ['routes', 'set', 'qwen3-coder', 'qwen-cloud']);
    expect((await ok(db, ['mappings', 'ls', '--json'])).json().find((mapping: any) => mapping.model === 'qwen3-coder').targets).toEqual([{ providerId: 'qwen-cloud', model: null, weight: 1 }]);
    expect((await ok(db, ['route', 'remove', 'qwen3-coder'])).stdout).toBe('Removed the route for qwen3-coder.\n');
    expect((await ok(db, ['route', 'list', '--json'])).json().map((mapping: any) => mapping.model)).toEqual(['fast']);
  });

  // the CLI's environment is not a running router's
  it.skipIf(SERVER_MODE)('shows MODEL_MAPPINGS routes as coming from the environment until the database has one', async () => {
    const db = await setup();
    const env = { MODEL_MAPPINGS: 'qwen3-coder:lm-studio-home,other:groq' };
    await ok(db, ['route', 'set', 'other', 'qwen-cloud']);
    const listed = (await ok(db, ['route', 'list', '--json'], { env })).json();
    expect(listed).toEqual([
      { model: 'other', targets: [{ providerId: 'qwen-cloud', model: null, weight: 1 }], source: 'database' },
      { model: 'qwen3-coder', targets: [{ providerId: 'lm-studio-home' }], source: 'environment', variable: 'MODEL_MAPPINGS' },
    ]);
    expect((await ok(db, ['route', 'list'], { env })).stdout).toMatch(/qwen3-coder\s+lm-studio-home\s+environment \(MODEL_MAPPINGS\)/);
  });

  it('refuses bad input with one line each', async () => {
    const db = await setup();
    expect(oneLineError(await cli(db, ['route', 'set', 'm', 'ghost']))).toContain('Provider "ghost" does not exist');
    expect(oneLineError(await cli(db, ['route', 'set', 'm', 'groq*0']))).toContain('weight');
    expect(oneLineError(await cli(db, ['route', 'set', 'm', ',']))).toContain('at least one target');
    expect(oneLineError(await cli(db, ['route', 'set', 'bad model', 'groq']))).toContain('model must be');
    expect(oneLineError(await cli(db, ['route', 'set', 'm']))).toContain('Missing required argument: targets');
    expect(oneLineError(await cli(db, ['route', 'remove', 'nothing']))).toContain('No mapping for model "nothing"');
    expect((await ok(db, ['route', 'list'])).stdout).toContain('No mappings.');
  });

  it('route options sets, shows and clears a route\'s stickiness, validated before the write, with a history row', async () => {
    const db = await setup();
    await ok(db, ['route', 'set', 'fast', 'groq*3,qwen-cloud*1', '--balance']);
    expect((await ok(db, ['route', 'options', 'fast', '--sticky', 'header:X-Router-Session'])).stdout).toBe('Route fast\n  sticky: header:x-router-session\n  shadow: off\n');
    expect((await ok(db, ['route', 'options', 'fast', '--json'])).json()).toEqual({ model: 'fast', stickiness: 'header:x-router-session', shadowPercent: 0, shadowPerMinute: null, shadowTimeoutMs: null, shadowTargets: [] });
    await ok(db, ['route', 'options', 'fast', '--sticky', 'first-message']);
    expect(oneLineError(await cli(db, ['route', 'options', 'fast', '--sticky', 'cookie']))).toContain('Stickiness must be header:<name>, user, first-message or none');
    expect(oneLineError(await cli(db, ['route', 'options', 'fast', '--sticky', 'header:bad name']))).toContain('does not name a valid header');
    expect(oneLineError(await cli(db, ['route', 'options', 'bad model', '--sticky', 'user']))).toContain('model must be');
    const store = await openStore({ url: db });
    expect((await store.routeOptions.get('fast')).stickiness).toBe('first-message');
    const history = await store.history.list({ entity: 'route_options', limit: 10 });
    expect(history.map((entry) => [entry.source, entry.action, entry.entityId])).toEqual([[DOOR, 'set', 'fast'], [DOOR, 'set', 'fast']]);
    expect(history[0]).toMatchObject({ oldValue: { stickiness: 'header:x-router-session' }, newValue: { stickiness: 'first-message' } });
    store.close();
    await ok(db, ['route', 'options', 'fast', '--sticky', 'none']);
    expect((await ok(db, ['route', 'options', 'fast'])).stdout).toContain('sticky: none');
    const after = await openStore({ url: db });
    expect(await after.routeOptions.list()).toEqual([]);
    after.close();
  });
});
