/**
 * Prisma's schema engine (WebAssembly), driven offline through adapter-pg: diffs between the migrations
 * directory and schema.prisma (the drift check) and new migration folders (`npm run db:migration:create`).
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type {
  MigrationList,
  SchemaContainer,
  SchemaEngine,
  SchemaFilter,
} from "@prisma/schema-engine-wasm/schema_engine_bg";
import { databaseNameOf } from "./ensureDatabase.js";
import { SchemaEngineAdapterFactory } from "./SchemaEngineAdapterFactory.js";
import { LOCK_FILE, LOCK_FILE_CONTENT, MIGRATION_FILE, MIGRATIONS_DIR, readMigrations, SCHEMA_PATH } from "./migrate.js";
// ---------------------------------------------------------------------------------------------------
// Prisma's schema engine (WebAssembly), for diffs and new migrations.
// ---------------------------------------------------------------------------------------------------

export interface SchemaEngineOptions {
  /** Default: this project's `prisma/migrations`. */
  migrationsDir?: string;
  /** Default: this project's `prisma/schema.prisma`. */
  schemaPath?: string;
  /** Use this datamodel text instead of reading `schemaPath` (tests). */
  datamodel?: string;
  /**
   * The scratch database the engine replays the migrations into. It is dropped (WITH (FORCE)) before
   * use and after. Default: `<database>_prisma_shadow`.
   */
  shadowDatabase?: string;
}

export interface SchemaDiff {
  /** True when the migrations directory does not produce the schema. */
  hasChanges: boolean;
  /** The SQL that takes a database built by the migrations to the schema (a comment when empty). */
  script: string;
}

/**
 * Diffs the migrations directory against schema.prisma: the engine applies the migrations to a shadow
 * database, reads back its structure and compares it with the datamodel. CHECK constraints (which the
 * datamodel cannot express) are not part of the comparison. Needs a reachable server; only the shadow
 * database (created and dropped here) is written to.
 */
export async function diffMigrationsToSchema(
  databaseUrl: string,
  options: SchemaEngineOptions = {},
): Promise<SchemaDiff> {
  return withSchemaEngine(databaseUrl, options, async ({ engine, migrationsList, schemaFiles, filters }) => {
    const result = await engine.diff({
      from: { tag: "migrations", ...migrationsList },
      to: { tag: "schemaDatamodel", files: schemaFiles },
      script: true,
      exitCode: true,
      filters,
    });
    // With exitCode requested, the engine answers 2 for a non-empty diff and 0 for an empty one.
    return { hasChanges: result.exitCode === 2, script: result.stdout ?? "" };
  });
}

export interface CreateMigrationOptions extends SchemaEngineOptions {
  /** Write an empty migration (for hand-written SQL) even when the schema has no changes. */
  allowEmpty?: boolean;
  /** Timestamp of the new migration's name (default: now). */
  now?: Date;
}

export interface CreatedMigration {
  /** `<yyyyMMddHHmmss>_<name>`, or null when nothing was written (no changes). */
  migrationName: string | null;
  /** Path of the written migration.sql, or null. */
  file: string | null;
  script: string;
}

/**
 * Writes `prisma/migrations/<timestamp>_<name>/migration.sql` holding the SQL that takes the current
 * migrations to schema.prisma (what `prisma migrate dev --create-only` would write). Writes nothing when
 * there is no change, unless `allowEmpty`.
 */
export async function createMigration(
  databaseUrl: string,
  name: string,
  options: CreateMigrationOptions = {},
): Promise<CreatedMigration> {
  const slug = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!slug) throw new Error(`Invalid migration name ${JSON.stringify(name)}: use letters, digits and _`);
  const migrationsDir = options.migrationsDir ?? MIGRATIONS_DIR;

  const diff = await diffMigrationsToSchema(databaseUrl, options);
  if (!diff.hasChanges && !options.allowEmpty) return { migrationName: null, file: null, script: diff.script };

  const migrationName = `${timestamp(options.now ?? new Date())}_${slug}`;
  const existing = await readMigrations(migrationsDir).catch(() => []);
  const last = existing.at(-1);
  if (last && last.name >= migrationName) {
    throw new Error(`Migration ${migrationName} would not sort after the last migration ${last.name}`);
  }
  const dir = path.join(migrationsDir, migrationName);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, MIGRATION_FILE);
  const script = diff.hasChanges ? diff.script : "-- This is an empty migration.\n";
  await writeFile(file, script, { flag: "wx" });
  await writeFile(path.join(migrationsDir, LOCK_FILE), LOCK_FILE_CONTENT, { flag: "wx" }).catch((error: unknown) => {
    if ((error as { code?: unknown }).code !== "EEXIST") throw error;
  });
  return { migrationName, file, script };
}

function timestamp(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return (
    `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}` +
    `${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`
  );
}

export interface EngineContext {
  engine: SchemaEngine;
  migrationsList: MigrationList;
  schemaFiles: SchemaContainer[];
  filters: SchemaFilter;
}

/**
 * Runs `fn` with a schema engine connected to `databaseUrl` (main database) through the pg driver adapter,
 * and frees everything afterwards (engine, pools, shadow database).
 */
export async function withSchemaEngine<T>(
  databaseUrl: string,
  options: SchemaEngineOptions,
  fn: (context: EngineContext) => Promise<T>,
): Promise<T> {
  const schemaPath = options.schemaPath ?? SCHEMA_PATH;
  const datamodel = options.datamodel ?? (await readFile(schemaPath, "utf8"));
  const schemaFiles: SchemaContainer[] = [{ path: schemaPath, content: datamodel }];
  const migrationsList = await loadMigrationList(options.migrationsDir ?? MIGRATIONS_DIR);
  const shadowDatabase = options.shadowDatabase ?? `${databaseNameOf(databaseUrl)}_prisma_shadow`.slice(0, 63);

  const { SchemaEngine, bindMigrationAwareSqlAdapterFactory } = await loadSchemaEngine();
  const factory = new SchemaEngineAdapterFactory(databaseUrl, shadowDatabase);
  const logs: string[] = [];
  let engine: SchemaEngine | undefined;
  const registry = panicRegistry();
  if (registry) registry.message = "";
  try {
    engine = await SchemaEngine.new(
      { datamodels: schemaFiles.map((file) => [file.path, file.content]) },
      (line: string) => logs.push(line),
      bindMigrationAwareSqlAdapterFactory(factory),
    );
    return await fn({ engine, migrationsList, schemaFiles, filters: { externalTables: [], externalEnums: [] } });
  } catch (error) {
    throw engineError(error, logs);
  } finally {
    engine?.free();
    await factory.close();
  }
}

async function loadMigrationList(migrationsDir: string): Promise<MigrationList> {
  const migrations = await readMigrations(migrationsDir).catch((error: unknown) => {
    if ((error as { code?: unknown }).code === "ENOENT") return [];
    throw error;
  });
  // The engine takes the connector from the lock file; before the first migration there is none yet.
  const lockContent = await readFile(path.join(migrationsDir, LOCK_FILE), "utf8").catch(() => LOCK_FILE_CONTENT);
  return {
    baseDir: migrationsDir,
    lockfile: { path: LOCK_FILE, content: lockContent },
    shadowDbInitScript: "",
    migrationDirectories: migrations.map((m) => ({
      path: m.name,
      migrationFile: { path: MIGRATION_FILE, content: { tag: "ok", value: m.script } },
    })),
  };
}

function engineError(error: unknown, logs: string[]): Error {
  const panic = panicRegistry();
  const details = [
    error instanceof Error ? error.message : typeof error === "string" ? error : JSON.stringify(error),
    panic?.message ? `panic: ${panic.message}` : "",
    logs.length > 0 ? `engine log:\n${logs.slice(-20).join("\n")}` : "",
  ].filter(Boolean);
  return new Error(`Prisma schema engine failed: ${details.join("\n")}`, { cause: error });
}

// --- Loading the WebAssembly engine -----------------------------------------------------------------

type EngineBindings = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");

interface LoadedEngine {
  SchemaEngine: EngineBindings["SchemaEngine"];
  /** From @prisma/driver-adapter-utils: wraps an adapter factory into the shape the engine calls. */
  bindMigrationAwareSqlAdapterFactory: (factory: SchemaEngineAdapterFactory) => object;
}

interface WebAssemblyApi {
  instantiate(
    bytes: Uint8Array,
    imports: Record<string, object>,
  ): Promise<{ instance: { exports: Record<string, unknown> } }>;
}

interface PanicRegistry {
  message: string;
  set_message(message: string): void;
}

function panicRegistry(): PanicRegistry | undefined {
  return (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: PanicRegistry }).PRISMA_WASM_PANIC_REGISTRY;
}

let loadedEngine: Promise<LoadedEngine> | undefined;

/**
 * The package's entry point imports its .wasm file as an ES module, which Node 20 cannot do without a
 * flag: load the JS bindings and instantiate the WebAssembly module by hand instead.
 */
function loadSchemaEngine(): Promise<LoadedEngine> {
  loadedEngine ??= (async () => {
    const require = createRequire(import.meta.url);
    const bindingsPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bindings: EngineBindings = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = await readFile(path.join(path.dirname(bindingsPath), "schema_engine_bg.wasm"));
    const { WebAssembly } = globalThis as unknown as { WebAssembly: WebAssemblyApi };
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bindings });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports["__wbindgen_start"] as () => void)();
    // The engine reports Rust panics through this global (the Prisma CLI installs the same).
    const scope = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: PanicRegistry };
    scope.PRISMA_WASM_PANIC_REGISTRY ??= {
      message: "",
      set_message(message: string) {
        this.message = message;
      },
    };
    // A dependency of @prisma/adapter-pg (same version), resolved from there rather than hoisting.
    const requireFromAdapter = createRequire(require.resolve("@prisma/adapter-pg"));
    const utils = requireFromAdapter("@prisma/driver-adapter-utils") as Pick<
      LoadedEngine,
      "bindMigrationAwareSqlAdapterFactory"
    >;
    return {
      SchemaEngine: bindings.SchemaEngine,
      bindMigrationAwareSqlAdapterFactory: utils.bindMigrationAwareSqlAdapterFactory,
    };
  })();
  loadedEngine.catch(() => {
    loadedEngine = undefined;
  });
  return loadedEngine;
}
