import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'turso',
  schema: './packages/store/src/schema/index.ts',
  out: './drizzle/sqlite',
  dbCredentials: { url: 'file:data/drizzle-kit.db' },
});
