import { defineConfig } from 'drizzle-kit';

// The Postgres dialect's migrations: `pnpm db:generate:postgres` (no database needed to generate).
export default defineConfig({
  dialect: 'postgresql',
  schema: './packages/store/src/postgres/schema.ts',
  out: './drizzle/postgres',
});
