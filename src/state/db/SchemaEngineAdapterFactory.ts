/**
 * The driver adapter through which Prisma's WebAssembly schema engine reaches PostgreSQL (see the class).
 */
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { quoteIdentifier, withDatabase } from "./ensureDatabase.js";

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
export class SchemaEngineAdapterFactory {
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
