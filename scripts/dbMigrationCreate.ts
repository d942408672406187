/**
 * `npm run db:migration:create -- <name> [--empty]`
 *
 * Diffs prisma/migrations against prisma/schema.prisma with Prisma's schema engine (WebAssembly; the
 * native engine the Prisma CLI wants cannot be downloaded here) and writes the difference as a new
 * prisma/migrations/<timestamp>_<name>/migration.sql. Writes nothing when the schema has no changes,
 * unless --empty (an empty migration to fill by hand, e.g. for CHECK constraints or data changes).
 *
 * Needs the PostgreSQL server of DATABASE_URL: the engine replays the migrations into a scratch
 * "shadow" database (<database>_prisma_shadow), which it creates and drops. The database itself is
 * created if missing but otherwise not touched. Review the generated SQL, add CHECK constraints by hand, then `npm run db:migrate`.
 */
import { createMigration } from "../src/state/db/schemaEngine.js";
import { ensureDatabase, maskDatabaseUrl } from "../src/state/db/ensureDatabase.js";

const DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/rpg";

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const allowEmpty = args.includes("--empty");
  const names = args.filter((arg) => !arg.startsWith("--"));
  if (names.length !== 1) {
    console.error("Usage: npm run db:migration:create -- <name> [--empty]");
    process.exitCode = 2;
    return;
  }
  const databaseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  console.log(`Diffing prisma/migrations against prisma/schema.prisma (shadow database on ${maskDatabaseUrl(databaseUrl)})`);
  // The engine opens the main database too (it reads nothing there for a diff): make sure it exists.
  await ensureDatabase(databaseUrl);
  const created = await createMigration(databaseUrl, names[0] ?? "", { allowEmpty });
  if (!created.file) {
    console.log("No schema changes: no migration written (pass --empty for an empty one).");
    return;
  }
  console.log(`Wrote ${created.file}:\n\n${created.script}`);
  console.log("Review it (add CHECK constraints by hand), then run npm run db:migrate.");
}

// A Rust panic inside the engine surfaces as an uncaught "RuntimeError: unreachable"; its message is
// in the panic registry the engine writes to.
process.on("uncaughtException", (error) => {
  const panic = (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { message: string } }).PRISMA_WASM_PANIC_REGISTRY;
  console.error(`Prisma schema engine crashed: ${panic?.message || error.message}`);
  process.exit(1);
});

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
