import { describe, expect, it } from 'vitest';
import { cli, ok, oneLineError, tempDb } from '../../test/harness.js';

async function setup() {
  const { db } = tempDb();
  await ok(db, ['provider', 'add', '--id', 'lm', '--config', 'baseURL=http://127.0.0.1:1/v1']);
  await ok(db, ['provider', 'add', '--id', 'cloud', '--config', 'baseURL=http://127.0.0.1:2/v1']);
  return db;
}

describe('model commands', () => {
  it('adds, links, lists, filters, unlinks and removes models', async () => {
    const db = await setup();
    const added = await ok(db, ['model', 'add', 'qwen3-coder', '--name', 'Qwen3 Coder', '--capability', 'tools', '--capability', 'streaming', '--context-length', '262144', '--provider', 'lm:qwen/qwen3-coder-30b']);
    expect(added.stdout).toBe('Added model qwen3-coder (served by lm).\n');
    await ok(db, ['model', 'add', 'plain']);
    expect((await ok(db, ['model', 'link', 'cloud', 'qwen3-coder', '--upstream-model', 'qwen3-coder-plus', '--priority', '5'])).stdout).toBe('Linked qwen3-coder to cloud (as qwen3-coder-plus).\n');
    const table = await ok(db, ['model', 'list']);
    expect(table.stdout).toMatch(/ID\s+NAME\s+CAPABILITIES\s+CONTEXT\s+PROVIDERS/);
    expect(table.stdout).toMatch(/qwen3-coder\s+Qwen3 Coder\s+tools,streaming\s+262144\s+cloud:qwen3-coder-plus, lm:qwen\/qwen3-coder-30b/);
    expect((await ok(db, ['models', 'ls', '--capability', 'tools', '--json'])).json().map((model: any) => model.id)).toEqual(['qwen3-coder']);
    expect((await ok(db, ['model', 'list', '--provider', 'cloud', '--json'])).json()[0].providers).toEqual([
      { providerId: 'cloud', upstreamModel: 'qwen3-coder-plus', priority: 5 },
      { providerId: 'lm', upstreamModel: 'qwen/qwen3-coder-30b', priority: 100 },
    ]);
    expect((await ok(db, ['model', 'unlink', 'lm', 'qwen3-coder'])).stdout).toBe('Unlinked qwen3-coder from lm.\n');
    expect((await ok(db, ['model', 'remove', 'plain', '--json'])).json()).toMatchObject({ id: 'plain' });
    expect((await ok(db, ['model', 'list', '--json'])).json().map((model: any) => [model.id, model.providers.length])).toEqual([['qwen3-coder', 1]]);
  });

  it('refuses bad input with one line each', async () => {
    const db = await setup();
    await ok(db, ['model', 'add', 'm']);
    expect(oneLineError(await cli(db, ['model', 'add', 'm']))).toContain('already exists');
    expect(oneLineError(await cli(db, ['model', 'add', 'bad model']))).toContain('id must be');
    expect(oneLineError(await cli(db, ['model', 'add', 'n', '--context-length', '-5']))).toContain('--context-length');
    expect(oneLineError(await cli(db, ['model', 'link', 'ghost', 'm']))).toContain('Provider "ghost" does not exist');
    expect(oneLineError(await cli(db, ['model', 'link', 'lm', 'ghost']))).toContain('Model "ghost" does not exist');
    expect(oneLineError(await cli(db, ['model', 'unlink', 'lm', 'm']))).toContain('is not linked');
    expect(oneLineError(await cli(db, ['model', 'remove', 'ghost']))).toContain('does not exist');
    expect(oneLineError(await cli(db, ['model', 'link', 'lm']))).toContain('Missing required argument: model-id');
  });

  it('takes a model\'s name as --name (or --display-name) when adding and editing', async () => {
    const db = await setup();
    expect((await ok(db, ['model', 'add', 'coder', '--display-name', 'Coder', '--json'])).json()).toMatchObject({ id: 'coder', name: 'Coder', displayName: 'Coder' });
    expect((await ok(db, ['model', 'edit', 'coder', '--name', 'Qwen3 Coder', '--context-length', '262144', '--capability', 'tools', '--json'])).json()).toMatchObject({ name: 'Qwen3 Coder', contextLength: 262144, capabilities: ['tools'] });
    expect((await ok(db, ['model', 'edit', 'coder', '--display-name', '', '--clear-capabilities'])).stdout).toBe('Updated model coder.\n');
    expect((await ok(db, ['model', 'list', '--json'])).json()[0]).toMatchObject({ id: 'coder', name: null, capabilities: [], contextLength: 262144 });
    expect(oneLineError(await cli(db, ['model', 'edit', 'coder']))).toContain('nothing to change');
    expect(oneLineError(await cli(db, ['model', 'edit', 'ghost', '--name', 'x']))).toContain('Model "ghost" does not exist');
  });
});
