import { defineConfig } from "prisma/config";

/**
 * Prisma 7 configuration. Prisma does not read `.env` by itself: DATABASE_URL comes from the environment,
 * with the same default as the server's config (src/config/config.ts).
 *
 * Only `prisma generate`, `validate` and `format` are used through the CLI (offline, with
 * PRISMA_SCHEMA_ENGINE_BINARY pointing at scripts/no-schema-engine.sh). Migrations run through
 * src/state/db/migrate.ts and scripts/dbMigrationCreate.ts.
 */
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: {
    path: "prisma/migrations",
  },
  datasource: {
    url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/rpg",
  },
});
