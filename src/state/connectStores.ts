import { Valkey } from "iovalkey";
import { ITEM_CATALOGUE } from "../content/itemCatalogue.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import { createPrismaClient } from "./db/createPrismaClient.js";
import { ensureDatabase, maskDatabaseUrl, type EnsureDatabaseResult } from "./db/ensureDatabase.js";
import { applyMigrations } from "./db/migrate.js";
import { seedReferenceData, type SeedReferenceDataResult } from "./db/seedReferenceData.js";
import { StorageUnavailableError } from "./errors.js";

export interface Stores {
  valkey: Valkey;
  prisma: PrismaClient;
  /** What start-up did, for its log: the database (created or found), migrations applied, catalogue seeded. */
  database: EnsureDatabaseResult;
  migrationsApplied: string[];
  seeded: SeedReferenceDataResult;
  close(): Promise<void>;
}

const CONNECT_TIMEOUT_MS = 5_000;

/** The Valkey client of the state layer (auto-pipelined; commands queue while reconnecting). */
export function createValkeyClient(url: string, options: { keyPrefix?: string } = {}): Valkey {
  return new Valkey(url, {
    enableAutoPipelining: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
    keyPrefix: options.keyPrefix,
    lazyConnect: true,
  });
}

/**
 * Connects to Valkey and PostgreSQL, creates the database if missing, applies pending migrations and
 * seeds the reference data. Fails fast with a `StorageUnavailableError` naming the unreachable URL
 * (passwords masked).
 */
export async function connectStores(urls: { valkeyUrl: string; databaseUrl: string; valkeyKeyPrefix?: string }): Promise<Stores> {
  const valkey = createValkeyClient(urls.valkeyUrl, { keyPrefix: urls.valkeyKeyPrefix || undefined });
  valkey.on("error", () => undefined);
  try {
    await valkey.connect();
    await valkey.ping();
  } catch (err) {
    valkey.disconnect();
    const reason = err instanceof Error ? err.message : String(err);
    throw new StorageUnavailableError(`Valkey is unavailable at ${maskDatabaseUrl(urls.valkeyUrl)}: ${reason}`, { cause: err });
  }
  let prisma: PrismaClient | null = null;
  try {
    const database = await ensureDatabase(urls.databaseUrl);
    const { applied } = await applyMigrations(urls.databaseUrl);
    prisma = createPrismaClient(urls.databaseUrl);
    const seeded = await seedReferenceData(prisma, ITEM_CATALOGUE);
    const connected = prisma;
    return {
      valkey,
      prisma: connected,
      database,
      migrationsApplied: applied,
      seeded,
      async close() {
        valkey.disconnect();
        await connected.$disconnect();
      },
    };
  } catch (err) {
    valkey.disconnect();
    await prisma?.$disconnect();
    throw err;
  }
}
