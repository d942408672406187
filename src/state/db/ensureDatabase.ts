import pg from "pg";
import { StorageUnavailableError } from "../errors.js";

/** SQLSTATE 3D000: the database named in the connection does not exist. */
const INVALID_CATALOG_NAME = "3D000";
/** SQLSTATE 42P04: CREATE DATABASE of a database that exists (another process won the race). */
const DUPLICATE_DATABASE = "42P04";
/** SQLSTATE 23505: two concurrent CREATE DATABASE can also collide on pg_database's unique index. */
const UNIQUE_VIOLATION = "23505";

const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

export interface EnsureDatabaseOptions {
  /** Give up connecting after this long (default 5 s). */
  connectTimeoutMs?: number;
}

export interface EnsureDatabaseResult {
  database: string;
  /** True when this call created the database. */
  created: boolean;
}

/**
 * Makes sure the database named in `databaseUrl` exists, creating it (from the server's `postgres`
 * maintenance database) when it does not. Safe when several processes start at once: losing the
 * CREATE DATABASE race is not an error.
 *
 * @throws StorageUnavailableError when the server cannot be reached or refuses the connection; the
 *   message names the URL with its password masked and `cause` holds the driver's error.
 */
export async function ensureDatabase(
  databaseUrl: string,
  options: EnsureDatabaseOptions = {},
): Promise<EnsureDatabaseResult> {
  const database = databaseNameOf(databaseUrl);
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;

  // The common case: the database exists. Trying it first also works on servers where the
  // maintenance database is not accessible.
  const probe = newClient(databaseUrl, connectTimeoutMs);
  try {
    await probe.connect();
    return { database, created: false };
  } catch (error) {
    if (sqlState(error) !== INVALID_CATALOG_NAME) throw unavailable(databaseUrl, error);
  } finally {
    await probe.end().catch(() => undefined);
  }

  const adminUrl = withDatabase(databaseUrl, "postgres");
  const admin = newClient(adminUrl, connectTimeoutMs);
  try {
    await admin.connect();
  } catch (error) {
    await admin.end().catch(() => undefined);
    throw unavailable(adminUrl, error);
  }
  try {
    await admin.query(`CREATE DATABASE ${quoteIdentifier(database)}`);
    return { database, created: true };
  } catch (error) {
    const code = sqlState(error);
    if (code === DUPLICATE_DATABASE || code === UNIQUE_VIOLATION) return { database, created: false };
    throw new Error(`Cannot create database "${database}" at ${maskDatabaseUrl(adminUrl)}: ${messageOf(error)}`, {
      cause: error,
    });
  } finally {
    await admin.end().catch(() => undefined);
  }
}

/** The URL with its password (user-info and `password=` parameter) replaced by `****`, for messages and logs. */
export function maskDatabaseUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = "****";
    if (url.searchParams.has("password")) url.searchParams.set("password", "****");
    return url.toString();
  } catch {
    return databaseUrl.replace(/\/\/([^:/@]*):[^@]*@/, "//$1:****@");
  }
}

/** The database name in a `postgresql://` URL. */
export function databaseNameOf(databaseUrl: string): string {
  const name = decodeURIComponent(parseUrl(databaseUrl).pathname.replace(/^\//, ""));
  if (!name) throw new Error(`The database URL ${maskDatabaseUrl(databaseUrl)} names no database`);
  return name;
}

/** The same URL (host, credentials, parameters) pointing at another database on that server. */
export function withDatabase(databaseUrl: string, database: string): string {
  const url = parseUrl(databaseUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/** A PostgreSQL identifier, double-quoted. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function parseUrl(databaseUrl: string): URL {
  try {
    return new URL(databaseUrl);
  } catch (error) {
    throw new Error(`Invalid database URL ${maskDatabaseUrl(databaseUrl)}`, { cause: error });
  }
}

function newClient(connectionString: string, connectTimeoutMs: number): pg.Client {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: connectTimeoutMs });
  // A connection that dies while idle emits 'error'; without a listener that would crash the process.
  client.on("error", () => undefined);
  return client;
}

function unavailable(databaseUrl: string, error: unknown): StorageUnavailableError {
  return new StorageUnavailableError(
    `PostgreSQL is unavailable at ${maskDatabaseUrl(databaseUrl)}: ${messageOf(error)}`,
    { cause: error },
  );
}

function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    // Node reports a refused connection to a host with several addresses (::1, 127.0.0.1) this way.
    return error.errors.map(messageOf).join("; ");
  }
  if (error instanceof Error) return error.message || (sqlState(error) ?? error.name);
  return String(error);
}
