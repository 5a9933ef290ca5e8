import { describe, expect, it } from 'vitest';
import { openStore } from '@router/store';
import { cli, DOOR, emptyDb, ok, oneLineError } from '../../test/harness.js';

describe('price commands', () => {
  it('sets, lists and removes overrides, each recorded in the history', async () => {
    const { db } = await emptyDb();
    expect((await ok(db, ['price', 'list'])).stdout).toMatch(/^No price overrides\./);
    expect((await ok(db, ['price', 'set', 'my-finetune', '--input', '0.5', '--output', '1.5'])).stdout).toBe('Price of my-finetune: input $0.5, output $1.5 per million tokens.\n');
    await ok(db, ['price', 'set', 'qwen/qwen3-coder:free', '--input', '0.2', '--output', '0.8', '--cached-input', '0.05']);
    const listed = (await ok(db, ['price', 'list'])).stdout;
    expect(listed).toMatch(/MODEL\s+INPUT\s+OUTPUT\s+CACHED INPUT/);
    expect(listed).toMatch(/my-finetune\s+\$0\.5\s+\$1\.5\s+\(input\)/);
    expect(listed).toMatch(/qwen\/qwen3-coder:free\s+\$0\.2\s+\$0\.8\s+\$0\.05/);
    expect(listed).toMatch(/Bundled list: @pydantic\/genai-prices/);
    expect((await ok(db, ['price', 'list', '--json'])).json().data).toMatchObject([
      { model: 'my-finetune', inputPerMillion: 0.5, outputPerMillion: 1.5, cachedInputPerMillion: null },
      { model: 'qwen/qwen3-coder:free', inputPerMillion: 0.2, outputPerMillion: 0.8, cachedInputPerMillion: 0.05 },
    ]);
    expect((await ok(db, ['price', 'remove', 'qwen/qwen3-coder:free'])).stdout).toBe('Removed the price override for qwen/qwen3-coder:free.\n');
    const store = await openStore({ url: db });
    expect((await store.prices.list()).map((price) => price.model)).toEqual(['my-finetune']);
    expect((await store.history.list({ entity: 'price' })).map((entry) => [entry.action, entry.entityId, entry.source])).toEqual([
      ['delete', 'qwen/qwen3-coder:free', DOOR], ['set', 'qwen/qwen3-coder:free', DOOR], ['set', 'my-finetune', DOOR],
    ]);
    store.close();
  });

  it('says what the bundled list has for a model, and that an override wins', async () => {
    const { db } = await emptyDb();
    expect((await ok(db, ['price', 'list', '--model', 'gpt-4o'])).stdout).toMatch(/The bundled price list says gpt-4o \(OpenAI gpt 4o\): input \$2\.5, output \$10, cached input \$1\.25 per million tokens\.\n/);
    expect((await ok(db, ['price', 'list', '--model', 'my-finetune'])).stdout).toMatch(/The bundled price list does not know my-finetune\.\n/);
    await ok(db, ['price', 'set', 'gpt-4o', '--input', '2', '--output', '8']);
    expect((await ok(db, ['price', 'list', '--model', 'gpt-4o'])).stdout).toMatch(/cached input \$1\.25 per million tokens; your override wins\.\n/);
    expect((await ok(db, ['price', 'list', '--model', 'gpt-4o', '--json'])).json().bundled).toMatchObject({ provider: 'OpenAI', inputPerMillion: 2.5, outputPerMillion: 10, tiered: false });
  });

  it('validates every value before writing: one line naming the option, exit 1, nothing stored', async () => {
    const { db } = await emptyDb();
    expect(oneLineError(await cli(db, ['price', 'set', 'm', '--input', '-1', '--output', '1']))).toMatch(/--input must be a price in US dollars per million tokens/);
    expect(oneLineError(await cli(db, ['price', 'set', 'm', '--input', '1', '--output', 'cheap']))).toMatch(/--output must be/);
    expect(oneLineError(await cli(db, ['price', 'set', 'm', '--input', '1', '--output', '1', '--cached-input', '1e9']))).toMatch(/--cached-input must be/);
    expect(oneLineError(await cli(db, ['price', 'set', 'bad model!', '--input', '1', '--output', '1']))).toMatch(/model must be 1-128 characters/);
    expect(oneLineError(await cli(db, ['price', 'set', 'm', '--input', '1']))).toMatch(/output/);
    expect(oneLineError(await cli(db, ['price', 'remove', 'never-set']))).toMatch(/No price override for model "never-set"/);
    expect((await ok(db, ['price', 'list', '--json'])).json().data).toEqual([]);
  });
});
