import { randomBytes } from "node:crypto";
import { Valkey } from "iovalkey";
import pg from "pg";
import { ITEM_CATALOGUE } from "../../src/content/itemCatalogue.js";
import type { PrismaClient } from "../../src/generated/prisma/client.js";
import { createPrismaClient } from "../../src/state/db/createPrismaClient.js";
import { databaseNameOf, ensureDatabase, quoteIdentifier, withDatabase } from "../../src/state/db/ensureDatabase.js";
import { applyMigrations } from "../../src/state/db/migrate.js";
import { seedReferenceData } from "../../src/state/db/seedReferenceData.js";
import { GameStateManager, type GameStateManagerOptions } from "../../src/state/GameStateManager.js";

/**
 * The test run's own database: `TEST_DATABASE_URL` when set, else a fresh `rpg_test_<random>` that the
 * run creates, migrates, seeds and drops at the end (so concurrent runs never truncate each other's
 * tables). Valkey/Redis is shared; every test uses a key prefix of its own.
 */
const OWN_DATABASE = process.env.TEST_DATABASE_URL === undefined;
export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? `postgresql://postgres@127.0.0.1:5432/rpg_test_${randomBytes(4).toString("hex")}`;
export const TEST_VALKEY_URL = process.env.TEST_VALKEY_URL ?? "redis://127.0.0.1:6379";
/** SCRYPT_LOG2_N of test servers: a cheap password hash (the production cost takes ~0.4 s per hash). */
export const TEST_SCRYPT_LOG2_N = "10";

let prepared: Promise<void> | null = null;

/** Drops the run's own database (not one given by TEST_DATABASE_URL). */
export async function dropTestDatabase(): Promise<void> {
  if (!OWN_DATABASE || !prepared) return;
  const admin = new pg.Client({ connectionString: withDatabase(TEST_DATABASE_URL, "postgres") });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(databaseNameOf(TEST_DATABASE_URL))} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** Creates, migrates and seeds the test database once per test run. */
export function prepareTestDatabase(): Promise<void> {
  prepared ??= (async () => {
    await ensureDatabase(TEST_DATABASE_URL);
    await applyMigrations(TEST_DATABASE_URL);
    const prisma = createPrismaClient(TEST_DATABASE_URL);
    try {
      await seedReferenceData(prisma, ITEM_CATALOGUE);
    } finally {
      await prisma.$disconnect();
    }
  })();
  return prepared;
}

export function uniquePrefix(): string {
  return `test:${randomBytes(6).toString("hex")}:`;
}

/** A Valkey client whose every key lives under `prefix`, so tests never see each other's keys. */
export function createTestValkey(prefix: string): Valkey {
  return new Valkey(TEST_VALKEY_URL, { keyPrefix: prefix, enableAutoPipelining: true, maxRetriesPerRequest: 2 });
}

/** Deletes every key under `prefix` (with a client of its own: the prefix must not apply twice). */
export async function deleteKeysWithPrefix(prefix: string): Promise<void> {
  const raw = new Valkey(TEST_VALKEY_URL);
  try {
    let cursor = "0";
    do {
      const [next, found] = await raw.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
      if (found.length > 0) await raw.del(...found);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    raw.disconnect();
  }
}

/** Empties every mutable table (the item catalogue stays). */
export async function truncateMutableTables(prisma: PrismaClient): Promise<void> {
  await prisma.$executeRawUnsafe(
    "TRUNCATE players, player_inventory, player_equipment, player_skills, ground_items, map_sync_state RESTART IDENTITY CASCADE",
  );
}

export interface TestStores {
  prefix: string;
  prisma: PrismaClient;
  valkey: Valkey;
  /** A GameStateManager on its own Valkey connection (a second one acts as a second process). */
  newGsm(options?: Partial<GameStateManagerOptions>): GameStateManager;
  close(): Promise<void>;
}

/**
 * Fresh, isolated stores for one test: truncated tables, a key prefix of its own, and GSMs that each
 * get their own Valkey connection. `close` disconnects everything and deletes the test's keys.
 */
export async function openTestStores(): Promise<TestStores> {
  await prepareTestDatabase();
  const prefix = uniquePrefix();
  const prisma = createPrismaClient(TEST_DATABASE_URL);
  await truncateMutableTables(prisma);
  const valkey = createTestValkey(prefix);
  const extraClients: Valkey[] = [];
  return {
    prefix,
    prisma,
    valkey,
    newGsm(options = {}) {
      const client = createTestValkey(prefix);
      extraClients.push(client);
      return new GameStateManager({ valkey: client, prisma, ...options });
    },
    async close() {
      for (const client of [valkey, ...extraClients]) client.disconnect();
      await prisma.$disconnect();
      await deleteKeysWithPrefix(prefix);
    },
  };
}
