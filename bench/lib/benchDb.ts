import jwt from "jsonwebtoken";
import { loadConfig } from "../../src/config/config.js";
import { ITEM_CATALOGUE } from "../../src/content/itemCatalogue.js";
import type { PrismaClient } from "../../src/generated/prisma/client.js";
import { initialSkills } from "../../src/services/rules/initialSkills.js";
import { createPrismaClient } from "../../src/state/db/createPrismaClient.js";
import { ensureDatabase } from "../../src/state/db/ensureDatabase.js";
import { applyMigrations } from "../../src/state/db/migrate.js";
import { seedReferenceData } from "../../src/state/db/seedReferenceData.js";
import type { GameStateManager } from "../../src/state/GameStateManager.js";
import { starterInventory } from "./starterKit.js";

export const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/rpg_bench";

/** Creates (if missing), migrates and seeds the bench database with the server's own code. */
export async function prepareBenchDatabase(url = BENCH_DATABASE_URL): Promise<PrismaClient> {
  await ensureDatabase(url);
  await applyMigrations(url);
  const prisma = createPrismaClient(url);
  await seedReferenceData(prisma, ITEM_CATALOGUE);
  return prisma;
}

const itemId = (name: string): number => {
  const item = ITEM_CATALOGUE.find((i) => i.name === name);
  if (!item) throw new Error(`no item ${name}`);
  return item.id;
};

export interface BenchAccount {
  id: number;
  username: string;
  tokenVersion: number;
}

/**
 * Makes sure accounts `<prefix>00000 .. <prefix>(count-1)` exist (created through `gsm.accounts.create`
 * with the initial skills and the starter kit, at the town spawn), creating only the missing ones, a few
 * at a time. Accounts persist in the bench database across runs. Bounded: at most `count` creations.
 */
export async function ensureAccounts(gsm: GameStateManager, prisma: PrismaClient, prefix: string, count: number, spawn: { mapId: string; x: number; y: number }): Promise<BenchAccount[]> {
  const names = Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(5, "0")}`);
  const existing = await prisma.player.findMany({
    where: { usernameKey: { in: names.map((n) => n.toLowerCase()) } },
    select: { id: true, username: true, tokenVersion: true },
  });
  const byName = new Map(existing.map((a) => [a.username, a]));
  const missing = names.filter((n) => !byName.has(n));
  const skills = initialSkills(loadConfig({ NODE_ENV: "test" }).rules);
  const CONCURRENCY = 8;
  for (let i = 0; i < missing.length; i += CONCURRENCY) {
    const created = await Promise.all(
      missing.slice(i, i + CONCURRENCY).map((username) =>
        gsm.accounts.create({
          username,
          passwordHash: "bench-account-no-password",
          role: "player",
          mapId: spawn.mapId,
          x: spawn.x,
          y: spawn.y,
          currentHp: 10,
          skills,
          inventory: starterInventory(),
        }),
      ),
    );
    for (const account of created) if (account) byName.set(account.username, { id: account.id, username: account.username, tokenVersion: account.tokenVersion });
  }
  return names.map((n) => {
    const account = byName.get(n);
    if (!account) throw new Error(`account ${n} could not be created`);
    return account;
  });
}

/**
 * Puts the accounts back where a bench expects them: on `mapId` at (x, y), alive, with the starter kit
 * in slots 0..3 and nothing equipped. Plain SQL on the bench database (the server is not running for them).
 */
export async function resetAccounts(prisma: PrismaClient, placements: { id: number; mapId: string; x: number; y: number }[]): Promise<void> {
  if (placements.length === 0) return;
  const ids = placements.map((p) => p.id);
  await prisma.$executeRaw`
    UPDATE players AS p SET map_id = u.map_id, x = u.x, y = u.y, current_hp = 10
      FROM unnest(${ids}::int[], ${placements.map((p) => p.mapId)}::text[], ${placements.map((p) => p.x)}::int[], ${placements.map((p) => p.y)}::int[]) AS u(id, map_id, x, y)
     WHERE p.id = u.id`;
  await prisma.$executeRaw`DELETE FROM player_equipment WHERE player_id = ANY(${ids}::int[])`;
  await prisma.$executeRaw`DELETE FROM player_inventory WHERE player_id = ANY(${ids}::int[])`;
  const kit = [...starterInventory()];
  const rows = ids.flatMap((id) => kit.map(([slot, s]) => ({ id, slot, ...s })));
  await prisma.$executeRaw`
    INSERT INTO player_inventory (player_id, slot, item_id, quantity, durability)
    SELECT * FROM unnest(${rows.map((r) => r.id)}::int[], ${rows.map((r) => r.slot)}::int[], ${rows.map((r) => r.itemId)}::int[],
                         ${rows.map((r) => r.quantity)}::int[], ${rows.map((r) => r.durability)}::int[])`;
}

/** A bearer token as the server issues it (PROTOCOL.md: HS256, sub = id, tv = token version, exp). */
export function mintToken(secret: string, account: Pick<BenchAccount, "id" | "tokenVersion">, ttlS = 3_600): string {
  const iat = Math.floor(Date.now() / 1000);
  return jwt.sign({ tv: account.tokenVersion, iat, exp: iat + ttlS }, secret, { algorithm: "HS256", subject: String(account.id) });
}

export { itemId, starterInventory };
