/**
 * Prisma's schema engine (WebAssembly), driven offline through adapter-pg: diffs between the migrations
 * directory and schema.prisma (the drift check) and new migration folders (`npm run db:migration:create`).
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import type {
  MigrationList,
  SchemaContainer,
  SchemaEngine,
  SchemaFilter,
} from "@prisma/schema-engine-wasm/schema_engine_bg";
import pg from "pg";
import { databaseNameOf, quoteIdentifier, withDatabase } from "./ensureDatabase.js";
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

// --- The driver adapter the engine talks through ------------------------------------------------------

type PgAdapter = Awaited<ReturnType<PrismaPg["connect"]>>;

/** PostgreSQL's internal single-byte `"char"` type (pg_class.relkind, pg_constraint.contype, ...). */
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

/**
 * The adapter factory handed to the engine: `@prisma/adapter-pg` with three fixes for the engine's use.
 * 1. adapter-pg rejects columns of type `"char"` (OID 18), which the engine's introspection queries
 *    return (e.g. pg_constraint.contype, read as a Rust `char`): the pg results report them as text, so
 *    that adapter-pg accepts them, and the result set then gets the Character column type back.
 * 2. adapter-pg's own shadow database connects to the main database when configured from a connection
 *    string (the URL wins over its `database` option): the shadow URL is built here.
 * 3. adapter-pg drops its shadow database before closing the shadow pool, which fails while connections
 *    are open: here the pool is closed first and the database dropped WITH (FORCE), under a fixed name.
 * Also: adapter-pg's `executeScript` splits scripts on every `;` (breaking `;` in strings or comments);
 * here the script runs whole, as one simple-protocol query, like Prisma's native engine.
 */
class SchemaEngineAdapterFactory {
  readonly provider = "postgres";
  readonly adapterName = "@prisma/adapter-pg";
  private readonly open = new Set<PgAdapter>();

  constructor(
    private readonly databaseUrl: string,
    private readonly shadowDatabase: string,
  ) {}

  connect(): Promise<PgAdapter> {
    return this.openAdapter(this.databaseUrl);
  }

  async connectToShadowDb(): Promise<PgAdapter> {
    await this.dropShadowDatabase();
    await this.admin(`CREATE DATABASE ${quoteIdentifier(this.shadowDatabase)}`);
    const adapter = await this.openAdapter(withDatabase(this.databaseUrl, this.shadowDatabase));
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await this.dropShadowDatabase();
    };
    return adapter;
  }

  /** Disposes whatever the engine left open. */
  async close(): Promise<void> {
    for (const adapter of [...this.open]) await adapter.dispose().catch(() => undefined);
    await this.dropShadowDatabase().catch(() => undefined);
  }

  private async openAdapter(connectionString: string): Promise<PgAdapter> {
    const pool = new pg.Pool({ connectionString, max: 4 });
    pool.on("error", () => undefined);
    pool.on("connect", reportCharColumnsAsText);
    const adapter = restoreCharColumnTypes(await new PrismaPg(pool, { disposeExternalPool: true }).connect());
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (...args) => restoreCharColumnTypes(await startTransaction(...args));

    adapter.executeScript = async (script: string) => {
      try {
        await pool.query(script);
      } catch (error) {
        // The adapter's own mapping of pg errors to the engine's error kinds.
        (adapter as unknown as { onError(error: unknown): never }).onError(error);
      }
    };

    let disposed = false;
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      if (disposed) return;
      disposed = true;
      this.open.delete(adapter);
      await dispose();
    };
    this.open.add(adapter);
    return adapter;
  }

  private dropShadowDatabase(): Promise<void> {
    return this.admin(`DROP DATABASE IF EXISTS ${quoteIdentifier(this.shadowDatabase)} WITH (FORCE)`);
  }

  /** A statement on the server's maintenance database (CREATE/DROP DATABASE cannot run elsewhere). */
  private async admin(sql: string): Promise<void> {
    const client = new pg.Client({ connectionString: withDatabase(this.databaseUrl, "postgres") });
    client.on("error", () => undefined);
    try {
      await client.connect();
      await client.query(sql);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

/** ColumnTypeEnum.Character of @prisma/driver-adapter-utils: a single character, sent as a string. */
const CHARACTER_COLUMN_TYPE = 6;

/**
 * Which columns of a result were `"char"`, keyed by the result's `rows` array: adapter-pg passes that
 * array through unchanged into the result set it builds, which is where the column types are put back.
 */
const charColumnsOfRows = new WeakMap<object, number[]>();

interface QueryResultLike {
  fields?: { dataTypeID: number }[];
  rows?: unknown[];
}

function retypeCharFields(result: unknown): void {
  for (const r of Array.isArray(result) ? result : [result]) {
    const { fields, rows } = (r ?? {}) as QueryResultLike;
    const charColumns: number[] = [];
    fields?.forEach((field, index) => {
      if (field.dataTypeID === PG_CHAR_OID) {
        field.dataTypeID = PG_TEXT_OID;
        charColumns.push(index);
      }
    });
    if (charColumns.length > 0 && rows) charColumnsOfRows.set(rows, charColumns);
  }
}

/** Patches a pooled client so that adapter-pg accepts `"char"` columns (it would throw on OID 18). */
function reportCharColumnsAsText(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const callback = args.at(-1);
    if (typeof callback === "function") {
      args[args.length - 1] = (error: unknown, result: unknown) => {
        if (result) retypeCharFields(result);
        (callback as (error: unknown, result: unknown) => void)(error, result);
      };
      return query(...args);
    }
    const returned = query(...args);
    if (returned instanceof Promise) {
      return returned.then((result: unknown) => {
        retypeCharFields(result);
        return result;
      });
    }
    return returned;
  };
}

interface Queryable {
  queryRaw(query: never): Promise<{ columnTypes: number[]; rows: unknown[] }>;
}

/** Gives the `"char"` columns of `queryable`'s results the Character type the engine reads them as. */
function restoreCharColumnTypes<T extends Queryable>(queryable: T): T {
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query: never) => {
    const result = await queryRaw(query);
    for (const index of charColumnsOfRows.get(result.rows) ?? []) result.columnTypes[index] = CHARACTER_COLUMN_TYPE;
    return result;
  };
  return queryable;
}
