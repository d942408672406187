import { randomBytes } from "node:crypto";
import { ITEM_CATALOGUE } from "../../src/content/itemCatalogue.js";
import { createValkeyClient } from "../../src/state/connectStores.js";
import { GameStateManager } from "../../src/state/GameStateManager.js";
import type { SyncCounts } from "../../src/state/BatchSync.js";
import { EQUIPMENT_SLOTS, SKILL_NAMES, type EquipmentSlot } from "../../src/state/types.js";
import { BENCH_DATABASE_URL, ensureAccounts, type BenchAccount } from "../lib/benchDb.js";
import { naiveSync } from "../lib/naiveSync.js";
import { pgUpsertBaseline, type FullPlayerRows, type UpsertBaseline } from "../lib/pgUpsertBaseline.js";
import { deletePrefix } from "../lib/valkey.js";
import type { BenchContext } from "./context.js";

/** One timed `syncAll`. */
export interface SyncRun {
  rows: number;
  rowsByTable: Record<string, number>;
  syncS: number;
  rowsPerS: number;
  /**
   * Where the time went: the run's read from Valkey (timed by wrapping the GSM's snapshot reader from
   * outside), and the rest of the run, PostgreSQL's write after the read (a large run writes while it reads:
   * what is left after the read is the write's tail).
   */
  phasesS: { valkeyRead: number; postgresWrite: number } | null;
}

export interface BatchSyncResult {
  players: number;
  /** 90% of the players only moved; the other 10% moved, changed two inventory slots and gained xp in a skill. */
  movedMostly: SyncRun;
  /** Every player changed everything: position, 28 inventory slots, 11 equipment slots, 11 skills (51 rows). */
  full: SyncRun;
  /** PostgreSQL's own COPY + upsert of the same 51 rows per player (new values), in the same run (`full` and this: the faster of two, alternately). */
  postgres: UpsertBaseline;
  /** full.rowsPerS / postgres.rowsPerS */
  ofPostgresRate: number;
  /** The naive per-player Prisma path (only with --naive-budget > 0). */
  naive: { playersMeasured: number; measuredS: number; rowsPerS: number; estimatedS: number; extrapolated: boolean } | null;
  setupS: number;
}

const round = (v: number, d = 3) => Math.round(v * 10 ** d) / 10 ** d;

/** The one-handed catalogue items of each equipment slot, so every slot can be filled. */
function equipmentKit(): Map<EquipmentSlot, { itemId: number; durability: number | null }[]> {
  const kit = new Map<EquipmentSlot, { itemId: number; durability: number | null }[]>();
  for (const slot of EQUIPMENT_SLOTS) {
    const items = ITEM_CATALOGUE.filter((i) => i.slot === slot && !i.twoHanded).map((i) => ({ itemId: i.id, durability: i.maxDurability }));
    if (items.length > 0) kit.set(slot, items);
  }
  return kit;
}

const STACKABLE = ITEM_CATALOGUE.filter((i) => i.maxStack > 1);
const GEAR = ITEM_CATALOGUE.filter((i) => i.maxStack === 1);
const EQUIPMENT = equipmentKit();

/** The full state of player `i` in pass `pass` (every pass changes every row's values). */
export function fullRows(playerId: number, i: number, pass: number): FullPlayerRows {
  return {
    playerId,
    position: { mapId: "town", x: 30 + ((i + pass) % 5), y: 30 + (pass % 5), hp: 10 },
    inventory: Array.from({ length: 28 }, (_, slot) => {
      const item = slot % 2 === 0 ? STACKABLE[(slot + pass) % STACKABLE.length]! : GEAR[(slot + i + pass) % GEAR.length]!;
      return { slot, itemId: item.id, quantity: item.maxStack > 1 ? 1 + ((i + pass + slot) % 50) : 1, durability: item.maxDurability };
    }),
    // A different item, or the same one worn down, every pass: every row changes.
    equipment: [...EQUIPMENT].map(([slot, items]) => {
      const s = items[pass % items.length]!;
      // A slot with one item that does not wear (amulet, ring) changes its quantity instead.
      const quantity = slot === "ammo" ? 100 + (pass % 500) : items.length === 1 && s.durability === null ? 1 + (pass % 2) : 1;
      return { slot, itemId: s.itemId, quantity, durability: s.durability === null ? null : Math.max(1, s.durability - (pass % 7)) };
    }),
    skills: SKILL_NAMES.map((skill) => ({ skill, level: 10, xp: 1_200 + pass + i })),
  };
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

/** Makes every player dirty in all four categories with `fullRows`, one GSM transaction per player. */
async function dirtyFull(gsm: GameStateManager, accounts: readonly BenchAccount[], pass: number): Promise<void> {
  await forEachLimit(accounts, 64, async (account, i) => {
    const r = fullRows(account.id, i, pass);
    const tx = gsm.transaction().setPosition(account.id, { mapId: r.position.mapId, x: r.position.x, y: r.position.y });
    for (const s of r.inventory) tx.setInventorySlot(account.id, s.slot, { itemId: s.itemId, quantity: s.quantity, durability: s.durability });
    for (const s of r.equipment) tx.setEquipmentSlot(account.id, s.slot as EquipmentSlot, { itemId: s.itemId, quantity: s.quantity, durability: s.durability });
    for (const s of r.skills) tx.setSkill(account.id, s.skill as (typeof SKILL_NAMES)[number], { level: s.level, xp: s.xp });
    if (!(await gsm.commit(tx)).ok) throw new Error(`could not make player ${account.id} dirty`);
  });
}

/** 90% of the players move one tile; every 10th also changes inventory slots 0 and 1 and gains xp in one skill. */
async function dirtyMovedMostly(gsm: GameStateManager, accounts: readonly BenchAccount[], pass: number): Promise<void> {
  await forEachLimit(accounts, 64, async (account, i) => {
    const r = fullRows(account.id, i, pass);
    const tx = gsm.transaction().setPosition(account.id, { mapId: r.position.mapId, x: r.position.x, y: r.position.y });
    if (i % 10 === 0) {
      for (const s of r.inventory.slice(0, 2)) tx.setInventorySlot(account.id, s.slot, { itemId: s.itemId, quantity: s.quantity, durability: s.durability });
      tx.setSkill(account.id, r.skills[0]!.skill as (typeof SKILL_NAMES)[number], { level: r.skills[0]!.level, xp: r.skills[0]!.xp });
    }
    if (!(await gsm.commit(tx)).ok) throw new Error(`could not make player ${account.id} dirty`);
  });
}

/**
 * Batch sync, per size: `n` players loaded through the GSM in this process; `syncAll` timed after (1) 90% of
 * them only moved and (2) all of them changed their whole state; then PostgreSQL's own COPY + upsert of
 * the same rows with new values (`pgUpsertBaseline`), in the same run on the same tables.
 */
export async function batchSyncScenario(ctx: BenchContext, log: (s: string) => void): Promise<BatchSyncResult[]> {
  const { syncSizes, naiveBudgetS } = ctx.options;
  const prefix = `bench:${ctx.runId}:sync:${randomBytes(3).toString("hex")}:`;
  const valkey = createValkeyClient(ctx.valkey.url, { keyPrefix: prefix });
  await valkey.connect();
  const gsm = new GameStateManager({ valkey, prisma: ctx.prisma, syncTimeoutMs: 120_000 });
  const phases = timeSyncPhases(gsm);
  const results: BatchSyncResult[] = [];
  const timedSync = async (expectPlayers: number): Promise<SyncRun> => {
    phases.readS = 0;
    const started = performance.now();
    const counts: SyncCounts = await gsm.syncAll();
    const syncS = (performance.now() - started) / 1000;
    const rows = counts.rows.players + counts.rows.inventory + counts.rows.equipment + counts.rows.skills + counts.rows.groundItems;
    if (counts.players !== expectPlayers) log(`  WARNING: syncAll saved ${counts.players} players, expected ${expectPlayers}`);
    return {
      rows, rowsByTable: { ...counts.rows }, syncS: round(syncS), rowsPerS: Math.round(rows / syncS),
      phasesS: phases.readS > 0 ? { valkeyRead: round(phases.readS), postgresWrite: round(syncS - phases.readS) } : null,
    };
  };
  try {
    const max = Math.max(...syncSizes);
    const t0 = performance.now();
    log(`  batch sync: making sure ${max} accounts exist`);
    const accounts = await ensureAccounts(gsm, ctx.prisma, "bbs", max, ctx.spawnOf("town"));
    log(`  batch sync: accounts ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    // Earlier runs leave dead row versions behind; start every run from vacuumed tables with fresh statistics.
    await ctx.prisma.$executeRawUnsafe("VACUUM (ANALYZE) players, player_inventory, player_equipment, player_skills");
    const loaded = new Set<number>();
    let pass = Math.floor(Date.now() / 1000) % 100_000;
    for (const n of [...syncSizes].sort((a, b) => a - b)) {
      const setupStart = performance.now();
      const players = accounts.slice(0, n);
      await forEachLimit(players.filter((a) => !loaded.has(a.id)), 16, async (a) => {
        if (!(await gsm.loadPlayerState(a.id, a.username, { maxHp: () => 10 }))) throw new Error(`cannot load ${a.id}`);
        loaded.add(a.id);
      });
      await gsm.syncAll(); // nothing of an earlier size stays dirty
      await dirtyMovedMostly(gsm, players, pass++);
      const setupS = (performance.now() - setupStart) / 1000;
      const movedMostly = await timedSync(n);
      log(`  batch sync ${n}, 90% only moved: ${movedMostly.syncS} s (${movedMostly.rows} rows; read ${movedMostly.phasesS?.valkeyRead} s, write after it ${movedMostly.phasesS?.postgresWrite} s)`);

      // Full sync and PostgreSQL's own upsert, alternately twice, the faster of each kept: other work on a
      // shared machine comes and goes, and this way both sides see the same machine.
      let naive: BatchSyncResult["naive"] = null;
      let full: SyncRun | null = null;
      let postgres: UpsertBaseline | null = null;
      // Every timed pass writes over the pass just before it, so that every one of its rows changes (a value
      // that cycles, like a ring's quantity, could otherwise match what an earlier run left).
      await dirtyFull(gsm, players, pass++);
      await gsm.syncAll();
      for (let attempt = 0; attempt < 2; attempt++) {
        await dirtyFull(gsm, players, pass++);
        if (naiveBudgetS > 0 && attempt === 0) {
          const m = await naiveSync(gsm, ctx.prisma, players, naiveBudgetS);
          const estimatedS = m.players === 0 ? NaN : (m.seconds * n) / m.players;
          naive = { playersMeasured: m.players, measuredS: round(m.seconds), rowsPerS: Math.round(m.rows / m.seconds), estimatedS: round(estimatedS), extrapolated: m.players < n };
          log(`  batch sync ${n}: naive ${m.players} players in ${m.seconds.toFixed(1)} s -> ~${estimatedS.toFixed(1)} s for ${n}`);
        }
        const sync = await timedSync(n);
        log(`  batch sync ${n}, full: ${sync.syncS} s (${sync.rowsPerS} rows/s, ${sync.rows} rows; read ${sync.phasesS?.valkeyRead} s, write after it ${sync.phasesS?.postgresWrite} s)`);
        if (!full || sync.rowsPerS > full.rowsPerS) full = sync;
        const pg = await pgUpsertBaseline(BENCH_DATABASE_URL, players.map((a, i) => fullRows(a.id, i, pass)));
        pass++;
        log(`  batch sync ${n}: PostgreSQL COPY + upsert of the same rows: ${round(pg.seconds)} s (${pg.rowsPerS} rows/s)`);
        if (!postgres || pg.rowsPerS > postgres.rowsPerS) postgres = pg;
      }
      const ofPostgresRate = round(full!.rowsPerS / postgres!.rowsPerS, 3);
      log(`  batch sync ${n}: the sync reaches ${round(ofPostgresRate * 100, 1)}% of PostgreSQL's rate (best of 2 each)`);
      results.push({ players: n, movedMostly, full: full!, postgres: { ...postgres!, seconds: round(postgres!.seconds), copyS: round(postgres!.copyS), upsertS: round(postgres!.upsertS) }, ofPostgresRate, naive, setupS: round(setupS) });
    }
  } finally {
    valkey.disconnect();
    await deletePrefix(ctx.valkey.url, prefix);
  }
  return results;
}

type Timed = (...args: unknown[]) => Promise<unknown>;

/**
 * Times syncAll's read from outside, by wrapping the sync's snapshot reader (`batchSync.reader.read`). It is
 * a private field: if it is renamed the split is simply not reported.
 */
function timeSyncPhases(gsm: GameStateManager): { readS: number } {
  const phases = { readS: 0 };
  const reader = (gsm as unknown as { batchSync?: { reader?: Record<string, Timed> } }).batchSync?.reader;
  const original = reader?.read;
  if (reader && typeof original === "function") {
    reader.read = async (...args: unknown[]) => {
      const t = performance.now();
      try {
        return await original.apply(reader, args);
      } finally {
        phases.readS += (performance.now() - t) / 1000;
      }
    };
  }
  return phases;
}
