import { defineConfig } from 'drizzle-kit';

// Migrations are generated offline (`npm run db:generate`) and applied in code at start-up.
export default defineConfig({
  dialect: 'postgresql',
  schema: './api/src/db/schema.ts',
  out: './api/drizzle',
});
