/**
 * Writes the dashboard's API types (src/api/schema.d.ts) from the management API's OpenAPI
 * document, built in-process from the server's route table and zod schemas (what
 * `GET /v1/openapi.json` serves). Run after changing a management route or schema:
 *   pnpm --filter @router/dashboard generate:api
 * A unit test (generate-api-types.test.ts) fails while the file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { buildOpenApiDocument } from '../../server/src/routes/management/openapi.ts';

/** Where the generated types live. */
export const schemaFile = fileURLToPath(new URL('../src/api/schema.d.ts', import.meta.url));

const HEADER = '// Generated from the management API\'s OpenAPI document by scripts/generate-api-types.ts. Do not edit.\n\n';

/** The types for the document the server builds now. The version is fixed: it does not change the types. */
export async function generateApiTypes(): Promise<string> {
  const document = buildOpenApiDocument({ version: '0.0.0' });
  const ast = await openapiTS(document as unknown as OpenAPI3);
  return HEADER + astToString(ast);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const next = await generateApiTypes();
  const previous = (() => {
    try {
      return readFileSync(schemaFile, 'utf8');
    } catch {
      return '';
    }
  })();
  if (next === previous) process.stdout.write('schema.d.ts is up to date\n');
  else {
    writeFileSync(schemaFile, next);
    process.stdout.write(`wrote ${schemaFile}\n`);
  }
}
