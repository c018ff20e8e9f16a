import { defineConfig } from 'drizzle-kit';

// The exchange hub is a separate service with its own database: its own schema and migration folder.
export default defineConfig({
  dialect: 'postgresql',
  schema: './api/src/exchange-hub/schema.ts',
  out: './api/src/exchange-hub/drizzle',
});
