import { randomBytes } from "node:crypto";
import { ITEM_CATALOGUE } from "../../src/content/itemCatalogue.js";
import type { PrismaClient } from "../../src/generated/prisma/client.js";
import { createValkeyClient } from "../../src/state/connectStores.js";
import { GameStateManager } from "../../src/state/GameStateManager.js";
import type { SyncCounts } from "../../src/state/BatchSync.js";
import type { PlayerSnapshot } from "../../src/state/PlayerSnapshot.js";
import { EQUIPMENT_SLOTS, SKILL_NAMES, type EquipmentSlot } from "../../src/state/types.js";
import { ensureAccounts, type BenchAccount } from "../lib/benchDb.js";
import { deletePrefix } from "../lib/valkey.js";
import type { BenchContext } from "./context.js";

export interface BatchSyncResult {
  players: number;
  rows: number;
  rowsByTable: Record<string, number>;
  syncAllS: number;
  /** Where syncAll's time went (measured by timing the GSM's batch read and its writer from outside). */
  syncPhasesS: { valkeyRead: number; postgresWrite: number } | null;
  syncRowsPerS: number;
  naive: {
    playersMeasured: number;
    measuredS: number;
    rowsPerS: number;
    /** Time for all `players` (measured, or extrapolated from `playersMeasured` when the budget ran out). */
    estimatedS: number;
    extrapolated: boolean;
  };
  /** naive.estimatedS / syncAllS */
  speedup: number;
  setupS: number;
}

const round = (v: number, d = 3) => Math.round(v * 10 ** d) / 10 ** d;

/** One item per equipment slot (the slot's first catalogue item), so every slot is filled. */
function equipmentKit(): Map<EquipmentSlot, { itemId: number; quantity: number; durability: number | null }> {
  const kit = new Map<EquipmentSlot, { itemId: number; quantity: number; durability: number | null }>();
  for (const slot of EQUIPMENT_SLOTS) {
    const item = ITEM_CATALOGUE.find((i) => i.slot === slot && !i.twoHanded);
    if (item) kit.set(slot, { itemId: item.id, quantity: slot === "ammo" ? 100 : 1, durability: item.maxDurability });
  }
  return kit;
}

/** Runs `fn` over `items` with at most `concurrency` at once. */
async function forEachLimit<T>(items: readonly T[], concurrency: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  }));
}

/**
 * Makes every player dirty in all four categories with a full state: a new position, all 28 inventory
 * slots, every equipment slot and every skill, in one transaction per player (`round` varies the values so
 * each run writes changes).
 */
async function dirtyAll(gsm: GameStateManager, accounts: readonly BenchAccount[], round: number): Promise<void> {
  const stackable = ITEM_CATALOGUE.filter((i) => i.maxStack > 1);
  const gear = ITEM_CATALOGUE.filter((i) => i.maxStack === 1);
  const equipment = equipmentKit();
  await forEachLimit(accounts, 64, async (account, i) => {
    const tx = gsm.transaction().setPosition(account.id, { mapId: "town", x: 30 + ((i + round) % 5), y: 30 + (round % 5) });
    for (let slot = 0; slot < 28; slot++) {
      const item = slot % 2 === 0 ? stackable[(slot + round) % stackable.length]! : gear[(slot + i) % gear.length]!;
      tx.setInventorySlot(account.id, slot, { itemId: item.id, quantity: item.maxStack > 1 ? 1 + ((i + round + slot) % 50) : 1, durability: item.maxDurability });
    }
    for (const [slot, stack] of equipment) tx.setEquipmentSlot(account.id, slot, { ...stack, quantity: slot === "ammo" ? 100 + round : 1 });
    for (const skill of SKILL_NAMES) tx.setSkill(account.id, skill, { level: 10, xp: 1_200 + round + i });
    const committed = await gsm.commit(tx);
    if (!committed.ok) throw new Error(`could not make player ${account.id} dirty`);
  });
}

/**
 * The naive path: for each player, a transaction of one-row Prisma calls (update the player, upsert every
 * inventory, equipment and skill row, delete emptied slots). Sequential, bounded by `budgetS`.
 */
async function naiveSync(gsm: GameStateManager, prisma: PrismaClient, accounts: readonly BenchAccount[], budgetS: number) {
  const started = performance.now();
  let players = 0;
  let rows = 0;
  for (const account of accounts) {
    if ((performance.now() - started) / 1000 > budgetS) break;
    const s: PlayerSnapshot | null = await gsm.readPlayer(account.id);
    if (!s) throw new Error(`player ${account.id} is not loaded`);
    rows += await prisma.$transaction(async (tx) => {
      let n = 0;
      await tx.player.update({ where: { id: s.playerId }, data: { mapId: s.position.mapId, x: s.position.x, y: s.position.y, currentHp: s.hp.currentHp } });
      n++;
      for (const [slot, st] of s.inventory) {
        const data = { itemId: st.itemId, quantity: st.quantity, durability: st.durability };
        await tx.playerInventorySlot.upsert({ where: { playerId_slot: { playerId: s.playerId, slot } }, create: { playerId: s.playerId, slot, ...data }, update: data });
        n++;
      }
      await tx.playerInventorySlot.deleteMany({ where: { playerId: s.playerId, slot: { notIn: [...s.inventory.keys()] } } });
      for (const [slot, st] of s.equipment) {
        const data = { itemId: st.itemId, quantity: st.quantity, durability: st.durability };
        await tx.playerEquipmentSlot.upsert({ where: { playerId_slot: { playerId: s.playerId, slot } }, create: { playerId: s.playerId, slot, ...data }, update: data });
        n++;
      }
      await tx.playerEquipmentSlot.deleteMany({ where: { playerId: s.playerId, slot: { notIn: [...s.equipment.keys()] } } });
      for (const [skill, st] of s.skills) {
        await tx.playerSkill.upsert({ where: { playerId_skill: { playerId: s.playerId, skill } }, create: { playerId: s.playerId, skill, level: st.level, xp: st.xp }, update: { level: st.level, xp: st.xp } });
        n++;
      }
      return n;
    }, { timeout: 30_000, maxWait: 30_000 });
    players++;
  }
  return { players, rows, seconds: (performance.now() - started) / 1000 };
}

/**
 * Batch sync: `sizes` dirty players with full state, created through the GSM in this process, saved by
 * `gsm.syncAll()` and, on the same data, by the naive per-player path (time-bounded, extrapolated).
 */
export async function batchSyncScenario(ctx: BenchContext, log: (s: string) => void): Promise<BatchSyncResult[]> {
  const { syncSizes, naiveBudgetS } = ctx.options;
  const prefix = `bench:${ctx.runId}:sync:${randomBytes(3).toString("hex")}:`;
  const valkey = createValkeyClient(ctx.valkey.url, { keyPrefix: prefix });
  await valkey.connect();
  const gsm = new GameStateManager({ valkey, prisma: ctx.prisma, syncTimeoutMs: 120_000 });
  const phases = timeSyncPhases(gsm);
  const results: BatchSyncResult[] = [];
  try {
    const max = Math.max(...syncSizes);
    const t0 = performance.now();
    log(`  batch sync: making sure ${max} accounts exist`);
    const accounts = await ensureAccounts(gsm, ctx.prisma, "bbs", max, ctx.spawnOf("town"));
    log(`  batch sync: accounts ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    // Earlier runs leave dead row versions behind; start every run from vacuumed tables with fresh statistics.
    await ctx.prisma.$executeRawUnsafe("VACUUM (ANALYZE) players, player_inventory, player_equipment, player_skills");
    const loaded = new Set<number>();
    let pass = Math.floor(Date.now() / 1000) % 1000;
    for (const n of [...syncSizes].sort((a, b) => a - b)) {
      const setupStart = performance.now();
      const players = accounts.slice(0, n);
      await forEachLimit(players.filter((a) => !loaded.has(a.id)), 16, async (a) => {
        if (!(await gsm.loadPlayerState(a.id, a.username, { maxHp: () => 10 }))) throw new Error(`cannot load ${a.id}`);
        loaded.add(a.id);
      });
      await gsm.syncAll(); // nothing of an earlier size stays dirty
      await dirtyAll(gsm, players, pass++);
      const setupS = (performance.now() - setupStart) / 1000;
      log(`  batch sync ${n}: ${n} players loaded and dirty in ${setupS.toFixed(1)} s; naive path (budget ${naiveBudgetS} s)...`);
      const naive = await naiveSync(gsm, ctx.prisma, players, naiveBudgetS);
      const naiveEstimatedS = naive.players === 0 ? NaN : (naive.seconds * n) / naive.players;
      log(`  batch sync ${n}: naive ${naive.players} players in ${naive.seconds.toFixed(1)} s -> ~${naiveEstimatedS.toFixed(1)} s for ${n}; syncAll...`);
      phases.readS = 0;
      phases.writeS = 0;
      const started = performance.now();
      const counts: SyncCounts = await gsm.syncAll();
      const syncAllS = (performance.now() - started) / 1000;
      const rows = counts.rows.players + counts.rows.inventory + counts.rows.equipment + counts.rows.skills + counts.rows.groundItems;
      if (counts.players !== n) log(`  WARNING: syncAll saved ${counts.players} players, expected ${n}`);
      const result: BatchSyncResult = {
        players: n,
        rows,
        rowsByTable: { ...counts.rows },
        syncAllS: round3(syncAllS),
        syncPhasesS: phases.readS + phases.writeS > 0 ? { valkeyRead: round3(phases.readS), postgresWrite: round3(phases.writeS) } : null,
        syncRowsPerS: Math.round(rows / syncAllS),
        naive: {
          playersMeasured: naive.players,
          measuredS: round3(naive.seconds),
          rowsPerS: Math.round(naive.rows / naive.seconds),
          estimatedS: round3(naiveEstimatedS),
          extrapolated: naive.players < n,
        },
        speedup: round(naiveEstimatedS / syncAllS, 1),
        setupS: round3(setupS),
      };
      results.push(result);
      log(`  batch sync ${n}: syncAll ${result.syncAllS} s (${result.syncRowsPerS} rows/s, ${rows} rows); naive ~${result.naive.estimatedS} s; ${result.speedup}x`);
    }
  } finally {
    valkey.disconnect();
    await deletePrefix(ctx.valkey.url, prefix);
  }
  return results;
}

const round3 = (v: number) => round(v, 3);

type Timed = (...args: unknown[]) => Promise<unknown>;

/**
 * Times syncAll's two phases from outside, by wrapping the sync's snapshot reader (`batchSync.reader.read`,
 * Valkey) and its writer (`batchSync.writer.write`, PostgreSQL). These are private fields: if they are
 * renamed the split is simply not reported.
 */
function timeSyncPhases(gsm: GameStateManager): { readS: number; writeS: number } {
  const phases = { readS: 0, writeS: 0 };
  const wrap = (owner: unknown, method: string, key: "readS" | "writeS") => {
    const target = owner as Record<string, Timed> | undefined;
    const original = target?.[method];
    if (!target || typeof original !== "function") return;
    target[method] = async (...args: unknown[]) => {
      const t = performance.now();
      try {
        return await original.apply(target, args);
      } finally {
        phases[key] += (performance.now() - t) / 1000;
      }
    };
  };
  const internals = gsm as unknown as { batchSync?: { reader?: unknown; writer?: unknown } };
  wrap(internals.batchSync?.reader, "read", "readS");
  wrap(internals.batchSync?.writer, "write", "writeS");
  return phases;
}

