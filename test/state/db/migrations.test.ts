import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import type { ItemDefinition } from "../../../src/content/ItemDefinition.js";
import { ITEM_CATALOGUE } from "../../../src/content/itemCatalogue.js";
import type { PrismaClient } from "../../../src/generated/prisma/client.js";
import { createPrismaClient } from "../../../src/state/db/createPrismaClient.js";
import { ensureDatabase, quoteIdentifier, withDatabase } from "../../../src/state/db/ensureDatabase.js";
import { applyMigrations, MIGRATIONS_DIR, readMigrations, SCHEMA_PATH } from "../../../src/state/db/migrate.js";
import { diffMigrationsToSchema, withSchemaEngine } from "../../../src/state/db/schemaEngine.js";
import { seedReferenceData } from "../../../src/state/db/seedReferenceData.js";
import { StorageUnavailableError } from "../../../src/state/errors.js";

const BASE_URL = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/rpg";
const DATABASE = `rpg_test_drift_${randomBytes(4).toString("hex")}`;
const URL = withDatabase(BASE_URL, DATABASE);

const CHECK_VIOLATION = "23514";
const UNIQUE_VIOLATION = "23505";
const FOREIGN_KEY_VIOLATION = "23503";

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(BASE_URL, "postgres") });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Test items, with ids far from the real catalogue's. */
function testItem(id: number, name: string, overrides: Partial<ItemDefinition> = {}): ItemDefinition {
  return {
    id,
    name,
    displayName: name,
    category: "material",
    rarity: "common",
    slot: null,
    twoHanded: false,
    maxStack: 64,
    requiredSkill: null,
    requiredLevel: 1,
    value: 1,
    maxDurability: null,
    bonuses: { attack: 0, strength: 0, defence: 0, ranged: 0, magic: 0, health: 0 },
    attackSpeedTicks: null,
    heals: null,
    ...overrides,
  };
}

const TEST_ITEMS: ItemDefinition[] = [
  testItem(900_001, "test_ore"),
  testItem(900_002, "test_sword", {
    category: "weapon",
    rarity: "rare",
    slot: "weapon",
    twoHanded: true,
    maxStack: 1,
    requiredSkill: "attack",
    requiredLevel: 20,
    value: 500,
    maxDurability: 250,
    bonuses: { attack: 12, strength: 9, defence: 0, ranged: 0, magic: -4, health: 0 },
    attackSpeedTicks: 6,
  }),
  testItem(900_003, "test_arrow", { category: "ammunition", slot: "ammo", maxStack: 8_192 }),
];

describe("PostgreSQL schema and migrations", function () {
  this.timeout(60_000);

  let client: pg.Client;
  let prisma: PrismaClient;

  before(async () => {
    const { created } = await ensureDatabase(URL);
    assert.equal(created, true, "the scratch database is new");
    assert.deepEqual(await ensureDatabase(URL), { database: DATABASE, created: false });
  });

  after(async () => {
    await client?.end().catch(() => undefined);
    await prisma?.$disconnect().catch(() => undefined);
    await adminQuery(`DROP DATABASE IF EXISTS ${quoteIdentifier(DATABASE)} WITH (FORCE)`);
  });

  describe("applying migrations", () => {
    it("applies every migration once to a fresh database, even when two processes start at once", async () => {
      const onDisk = (await readMigrations()).map((m) => m.name);
      assert.ok(onDisk.length > 0);
      const results = await Promise.all([applyMigrations(URL), applyMigrations(URL)]);
      const applied = results.flatMap((r) => r.applied);
      assert.deepEqual(applied, onDisk, "each migration applied by exactly one of the two, in order");

      client = new pg.Client({ connectionString: URL });
      await client.connect();
      const { rows } = await client.query<{
        migration_name: string;
        checksum: string;
        finished_at: Date | null;
        rolled_back_at: Date | null;
        applied_steps_count: number;
      }>("SELECT * FROM _prisma_migrations ORDER BY migration_name");
      const checksums = new Map((await readMigrations()).map((m) => [m.name, m.checksum]));
      assert.deepEqual(
        rows.map((r) => r.migration_name),
        onDisk,
      );
      for (const row of rows) {
        assert.equal(row.checksum, checksums.get(row.migration_name));
        assert.ok(row.finished_at instanceof Date);
        assert.equal(row.rolled_back_at, null);
        assert.equal(row.applied_steps_count, 1);
      }
    });

    it("applies nothing the second time", async () => {
      assert.deepEqual(await applyMigrations(URL), { applied: [] });
    });

    it("records the history so that Prisma's schema engine reads it as complete and unedited", async () => {
      const diagnosis = await withSchemaEngine(URL, {}, ({ engine, migrationsList, filters }) =>
        engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters }),
      );
      assert.equal(diagnosis.hasMigrationsTable, true);
      assert.deepEqual(diagnosis.failedMigrationNames, []);
      assert.deepEqual(diagnosis.editedMigrationNames, []);
      assert.equal(diagnosis.history, null);
    });

    it("refuses to run when an applied migration was edited", async () => {
      const dir = await mkdtemp(path.join(tmpdir(), "rpg-migrations-"));
      try {
        await cp(MIGRATIONS_DIR, dir, { recursive: true });
        const [first] = await readMigrations(dir);
        assert.ok(first);
        const file = path.join(dir, first.name, "migration.sql");
        await writeFile(file, `${await readFile(file, "utf8")}\n-- edited\n`);
        await assert.rejects(applyMigrations(URL, { migrationsDir: dir }), /changed after they were applied/);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it("reports an unreachable server as StorageUnavailableError, naming the URL without its password", async () => {
      const unreachable = "postgresql://someone:s3cret-pw@127.0.0.1:1/rpg";
      for (const attempt of [() => ensureDatabase(unreachable), () => applyMigrations(unreachable)]) {
        await assert.rejects(attempt(), (error: unknown) => {
          assert.ok(error instanceof StorageUnavailableError);
          assert.equal(error.name, "StorageUnavailableError");
          assert.match(error.message, /127\.0\.0\.1:1\/rpg/);
          assert.match(error.message, /someone:\*\*\*\*@/);
          assert.doesNotMatch(error.message, /s3cret-pw/);
          assert.ok(error.cause, "the driver's error is the cause");
          return true;
        });
      }
    });
  });

  describe("no drift between prisma/schema.prisma and prisma/migrations", () => {
    it("the migrations build exactly the schema (empty diff)", async () => {
      const diff = await diffMigrationsToSchema(URL);
      assert.equal(diff.hasChanges, false, `schema.prisma differs from the migrations:\n${diff.script}`);
      assert.doesNotMatch(diff.script, /\b(CREATE|ALTER|DROP)\b/);
    });

    it("detects a changed datamodel, so the check cannot pass vacuously", async () => {
      const datamodel = await readFile(SCHEMA_PATH, "utf8");

      const withColumn = datamodel.replace(/(\n\s*currentHp\s+Int[^\n]*)/, '$1\n  extraColumn Int? @map("extra_column")');
      assert.notEqual(withColumn, datamodel, "the test's edit applies");
      const added = await diffMigrationsToSchema(URL, { datamodel: withColumn });
      assert.equal(added.hasChanges, true);
      assert.match(added.script, /ALTER TABLE "players" ADD COLUMN\s+"extra_column" INTEGER/);

      const withoutIndex = datamodel.replace(/\n\s*@@index\(\[mapId\]\)/, "");
      assert.notEqual(withoutIndex, datamodel, "the test's edit applies");
      const dropped = await diffMigrationsToSchema(URL, { datamodel: withoutIndex });
      assert.equal(dropped.hasChanges, true);
      assert.match(dropped.script, /DROP INDEX "ground_items_map_id_idx"/);
    });
  });

  describe("database constraints", () => {
    let playerId: number;

    before(async () => {
      prisma = createPrismaClient(URL);
      await seedReferenceData(prisma, TEST_ITEMS);
      const player = await prisma.player.create({
        data: {
          username: "Constraint",
          usernameKey: "constraint",
          passwordHash: "x",
          mapId: "town",
          x: 1,
          y: 2,
          currentHp: 10,
        },
      });
      playerId = player.id;
      assert.equal(player.role, "player");
      assert.equal(player.banned, false);
      assert.equal(player.tokenVersion, 0);
      assert.equal(player.inventoryVersion, 0n);
    });

    async function rejectsWith(code: string, sql: string, params: unknown[]): Promise<void> {
      await assert.rejects(client.query(sql, params), (error: unknown) => {
        assert.equal((error as { code?: string }).code, code, `${sql} ${JSON.stringify(params)}: ${String(error)}`);
        return true;
      });
    }

    const inventory = "INSERT INTO player_inventory (player_id, slot, item_id, quantity, durability) VALUES ($1, $2, $3, $4, $5)";
    const equipment = "INSERT INTO player_equipment (player_id, slot, item_id, quantity, durability) VALUES ($1, $2, $3, $4, $5)";
    const bank = "INSERT INTO player_bank (player_id, slot, item_id, quantity, durability) VALUES ($1, $2, $3, $4, $5)";
    const skills = "INSERT INTO player_skills (player_id, skill, level, xp) VALUES ($1, $2, $3, $4)";
    const groundItem = `INSERT INTO ground_items (id, item_id, map_id, x, y, quantity, durability, dropped_by, dropped_at, public_at, despawn_at)
      VALUES ($1, $2, 'town', 0, 0, $3, $4, $5, now(), now(), now() + interval '1 minute')`;

    it("players: a combat style of accurate (the default), aggressive or defensive", async () => {
      assert.equal((await prisma.player.findUniqueOrThrow({ where: { id: playerId } })).combatStyle, "accurate");
      await client.query("UPDATE players SET combat_style = 'defensive' WHERE id = $1", [playerId]);
      await rejectsWith(CHECK_VIOLATION, "UPDATE players SET combat_style = $2 WHERE id = $1", [playerId, "berserk"]);
    });

    it("items: attack speeds and healing are positive when present", async () => {
      await rejectsWith(CHECK_VIOLATION, "UPDATE items SET attack_speed_ticks = 0 WHERE id = $1", [900_002]);
      await rejectsWith(CHECK_VIOLATION, "UPDATE items SET heals = -2 WHERE id = $1", [900_001]);
    });

    it("inventory: slot 0..27, quantity > 0, durability >= 0, one stack per (player, slot)", async () => {
      await client.query(inventory, [playerId, 0, 900_001, 1, null]);
      await client.query(inventory, [playerId, 27, 900_002, 1, 0]);
      await rejectsWith(CHECK_VIOLATION, inventory, [playerId, 28, 900_001, 1, null]);
      await rejectsWith(CHECK_VIOLATION, inventory, [playerId, -1, 900_001, 1, null]);
      await rejectsWith(CHECK_VIOLATION, inventory, [playerId, 5, 900_001, 0, null]);
      await rejectsWith(CHECK_VIOLATION, inventory, [playerId, 5, 900_001, -3, null]);
      await rejectsWith(CHECK_VIOLATION, inventory, [playerId, 5, 900_002, 1, -1]);
      await rejectsWith(UNIQUE_VIOLATION, inventory, [playerId, 0, 900_003, 5, null]);
      await rejectsWith(FOREIGN_KEY_VIOLATION, inventory, [playerId, 6, 123_456_789, 1, null]);
      await rejectsWith(FOREIGN_KEY_VIOLATION, inventory, [-1, 6, 900_001, 1, null]);
    });

    it("equipment: the 11 slot names only, quantity > 0, durability >= 0, one item per (player, slot)", async () => {
      await client.query(equipment, [playerId, "weapon", 900_002, 1, 250]);
      await client.query(equipment, [playerId, "ammo", 900_003, 100, null]);
      await rejectsWith(CHECK_VIOLATION, equipment, [playerId, "hat", 900_002, 1, 250]);
      await rejectsWith(CHECK_VIOLATION, equipment, [playerId, "Weapon", 900_002, 1, 250]);
      await rejectsWith(CHECK_VIOLATION, equipment, [playerId, "head", 900_002, 0, 250]);
      await rejectsWith(CHECK_VIOLATION, equipment, [playerId, "head", 900_002, 1, -1]);
      await rejectsWith(UNIQUE_VIOLATION, equipment, [playerId, "weapon", 900_002, 1, 250]);
    });

    it("bank: slot >= 0, quantity 1..2,147,483,647 whatever the stack size, durability >= 0, one stack per (player, slot)", async () => {
      await client.query(bank, [playerId, 0, 900_001, 2_147_483_647, null]);
      await client.query(bank, [playerId, 399, 900_002, 1, 250]);
      await rejectsWith(CHECK_VIOLATION, bank, [playerId, -1, 900_001, 1, null]);
      await rejectsWith(CHECK_VIOLATION, bank, [playerId, 5, 900_001, 0, null]);
      await rejectsWith(CHECK_VIOLATION, bank, [playerId, 5, 900_002, 1, -1]);
      await rejectsWith(UNIQUE_VIOLATION, bank, [playerId, 0, 900_003, 5, null]);
      await rejectsWith(FOREIGN_KEY_VIOLATION, bank, [playerId, 6, 123_456_789, 1, null]);
    });

    it("skills: level 1..99, xp 0..200,000,000, one row per (player, skill)", async () => {
      await client.query(skills, [playerId, "attack", 1, 0]);
      await client.query(skills, [playerId, "hitpoints", 99, 200_000_000]);
      await rejectsWith(CHECK_VIOLATION, skills, [playerId, "mining", 0, 0]);
      await rejectsWith(CHECK_VIOLATION, skills, [playerId, "mining", 100, 0]);
      await rejectsWith(CHECK_VIOLATION, skills, [playerId, "mining", 1, -1]);
      await rejectsWith(CHECK_VIOLATION, skills, [playerId, "mining", 99, 200_000_001]);
      await rejectsWith(UNIQUE_VIOLATION, skills, [playerId, "attack", 2, 100]);
    });

    it("ground items: quantity > 0, durability >= 0", async () => {
      await client.query(groundItem, [1, 900_001, 3, null, playerId]);
      await rejectsWith(CHECK_VIOLATION, groundItem, [2, 900_001, 0, null, playerId]);
      await rejectsWith(CHECK_VIOLATION, groundItem, [2, 900_002, 1, -5, playerId]);
      await rejectsWith(UNIQUE_VIOLATION, groundItem, [1, 900_001, 1, null, null]);
    });

    it("usernames are unique case-insensitively (username_key)", async () => {
      await rejectsWith(
        UNIQUE_VIOLATION,
        "INSERT INTO players (username, username_key, password_hash, map_id, x, y, current_hp) VALUES ($1, lower($1), 'x', 'town', 0, 0, 10)",
        ["CONSTRAINT"],
      );
    });

    it("an item in use cannot be deleted from the catalogue", async () => {
      await rejectsWith(FOREIGN_KEY_VIOLATION, "DELETE FROM items WHERE id = $1", [900_001]);
    });

    it("deleting a player deletes their inventory, equipment, skills and bank, and keeps their drops unowned", async () => {
      const count = async (table: string) =>
        Number(
          (await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE player_id = $1`, [playerId]))
            .rows[0]?.n,
        );
      assert.equal(await count("player_inventory"), 2);
      assert.equal(await count("player_equipment"), 2);
      assert.equal(await count("player_skills"), 2);
      assert.equal(await count("player_bank"), 2);

      await prisma.player.delete({ where: { id: playerId } });

      assert.equal(await count("player_inventory"), 0);
      assert.equal(await count("player_equipment"), 0);
      assert.equal(await count("player_skills"), 0);
      assert.equal(await count("player_bank"), 0);
      const drop = await prisma.groundItem.findUniqueOrThrow({ where: { id: 1n } });
      assert.equal(drop.droppedBy, null);
    });
  });

  describe("seedReferenceData", () => {
    const rowsOf = async (ids: number[]) =>
      prisma.item.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } });

    it("is idempotent: a second run changes nothing", async () => {
      const first = await seedReferenceData(prisma, TEST_ITEMS); // already seeded by the constraint tests
      assert.deepEqual(first, { items: TEST_ITEMS.length, changed: 0 });
      const before = await rowsOf(TEST_ITEMS.map((i) => i.id));
      assert.deepEqual(await seedReferenceData(prisma, TEST_ITEMS), { items: TEST_ITEMS.length, changed: 0 });
      assert.deepEqual(await rowsOf(TEST_ITEMS.map((i) => i.id)), before);
    });

    it("stores every field of the definition", async () => {
      const [sword] = await rowsOf([900_002]);
      assert.deepEqual(sword, {
        id: 900_002,
        name: "test_sword",
        displayName: "test_sword",
        category: "weapon",
        rarity: "rare",
        equipSlot: "weapon",
        twoHanded: true,
        maxStack: 1,
        requiredSkill: "attack",
        requiredLevel: 20,
        value: 500,
        maxDurability: 250,
        attack: 12,
        strength: 9,
        defence: 0,
        ranged: 0,
        magic: -4,
        health: 0,
        attackSpeedTicks: 6,
        heals: null,
      });
    });

    it("updates changed entries and inserts new ones, touching nothing else", async () => {
      const changedCatalogue = [
        ...TEST_ITEMS.map((item) => (item.id === 900_001 ? { ...item, value: 7, displayName: "Test ore" } : item)),
        testItem(900_004, "test_bread", { category: "consumable", bonuses: { ...TEST_ITEMS[0]!.bonuses, health: 3 }, heals: 4 }),
      ];
      assert.deepEqual(await seedReferenceData(prisma, changedCatalogue), { items: 4, changed: 2 });
      const [ore, , , bread] = await rowsOf([900_001, 900_002, 900_003, 900_004]);
      assert.equal(ore?.value, 7);
      assert.equal(ore?.displayName, "Test ore");
      assert.equal(bread?.health, 3);
      assert.equal(bread?.heals, 4);
      assert.deepEqual(await seedReferenceData(prisma, changedCatalogue), { items: 4, changed: 0 });
    });

    it("refuses a catalogue with duplicate ids", async () => {
      await assert.rejects(
        seedReferenceData(prisma, [...TEST_ITEMS, testItem(900_001, "test_other")]),
        /duplicate id: 900001/,
      );
    });

    it("seeds the real item catalogue within the database's constraints", async () => {
      const result = await seedReferenceData(prisma, ITEM_CATALOGUE);
      assert.deepEqual(result, { items: ITEM_CATALOGUE.length, changed: ITEM_CATALOGUE.length });
      assert.equal(await prisma.item.count({ where: { id: { in: ITEM_CATALOGUE.map((i) => i.id) } } }), ITEM_CATALOGUE.length);
      assert.deepEqual(await seedReferenceData(prisma, ITEM_CATALOGUE), { items: ITEM_CATALOGUE.length, changed: 0 });
    });
  });
});
