/**
 * `npm run db:migrate`: creates the database of DATABASE_URL if it is missing, applies the pending
 * migrations of prisma/migrations (recording them in _prisma_migrations, as `prisma migrate deploy` would)
 * and seeds the item catalogue (reference data). Idempotent; safe to run while another instance runs it.
 */
import { ITEM_CATALOGUE } from "../src/content/itemCatalogue.js";
import { createPrismaClient } from "../src/state/db/createPrismaClient.js";
import { ensureDatabase, maskDatabaseUrl } from "../src/state/db/ensureDatabase.js";
import { applyMigrations } from "../src/state/db/migrate.js";
import { seedReferenceData } from "../src/state/db/seedReferenceData.js";

const DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/rpg";

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const where = maskDatabaseUrl(databaseUrl);

  const { database, created } = await ensureDatabase(databaseUrl);
  console.log(created ? `Created database ${database} (${where})` : `Database ${database} exists (${where})`);

  const { applied } = await applyMigrations(databaseUrl);
  if (applied.length === 0) console.log("No pending migrations.");
  for (const name of applied) console.log(`Applied migration ${name}`);

  const prisma = createPrismaClient(databaseUrl);
  try {
    const seeded = await seedReferenceData(prisma, ITEM_CATALOGUE);
    console.log(`Item catalogue: ${seeded.items} items, ${seeded.changed} inserted or updated.`);
  } finally {
    await prisma.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
