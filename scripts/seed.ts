// `npm run seed`: loads the demo organisations and users into an empty database (never one that has data).
import { loadConfig } from '../api/src/config';
import { migrateDatabase, openDatabase, pgliteDataDir } from '../api/src/db/client';
import { formatLogins, seedDemo } from '../api/src/seed/seed';

async function main() {
  const config = loadConfig();
  const database = await openDatabase({ url: config.DATABASE_URL, pgliteDir: pgliteDataDir(config.dataDir) });
  try {
    await migrateDatabase(database);
    const result = await seedDemo(database.db, config.DEMO_PASSWORD);
    console.log(result.seeded ? formatLogins(result, config.DEMO_PASSWORD) : 'The database already has data: nothing seeded.');
  } finally {
    await database.close();
  }
}

main().catch((err: Error) => {
  console.error(`Seeding failed: ${err.message}`);
  process.exit(1);
});
