import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateApiTypes, schemaFile } from './generate-api-types.ts';

describe('the API types', () => {
  it('match the OpenAPI document the server builds (run `pnpm --filter @router/dashboard generate:api` when this fails)', async () => {
    expect(readFileSync(schemaFile, 'utf8')).toBe(await generateApiTypes());
  });
});
