import type { PrismaClient } from "../generated/prisma/client.js";
import type { BankChanges } from "./BankHotState.js";
import { writeBankChanges } from "./BankSyncWriter.js";
import type { HotStateEpoch } from "./HotStateEpoch.js";
import type { PlayerSnapshot } from "./PlayerSnapshot.js";
import type { GroundItem } from "./types.js";

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/** Rows written by one save, by table. */
export interface WrittenRows {
  players: number;
  inventory: number;
  equipment: number;
  skills: number;
  /** Bank slots written (changed or emptied ones only). */
  bank: number;
  groundItems: number;
}

export interface MapGroundItems {
  mapId: string;
  version: number;
  items: GroundItem[];
}

/** Player ids dirty in each category, as drained from the dirty sets. */
export interface DirtyPlayers {
  position: ReadonlySet<number>;
  inventory: ReadonlySet<number>;
  equipment: ReadonlySet<number>;
  skills: ReadonlySet<number>;
}

export const emptyWrittenRows = (): WrittenRows => ({ players: 0, inventory: 0, equipment: 0, skills: 0, bank: 0, groundItems: 0 });

/** What one save writes: one consistent snapshot of players and maps, read from Valkey in epoch `epoch`. */
export interface SyncBatch {
  players: readonly PlayerSnapshot[];
  maps: readonly MapGroundItems[];
  /** The changed slots of the banks to save, read at the same moment as the players. */
  banks?: readonly BankChanges[];
  /** The Valkey epoch the snapshot was read in; the write is refused if Valkey has lost that data since. */
  epoch: number;
  /** When given, each table is written only for the players dirty in its category. */
  only?: DirtyPlayers;
}

/**
 * Bulk writes of hot state to PostgreSQL: one statement per table per chunk of players (unnest arrays,
 * ON CONFLICT, deletes for emptied slots), all in ONE transaction, so that a snapshot is saved whole or not
 * at all (an item moved between a player and the ground is never saved on one side only).
 *
 * Fencing: every player carries the version of the snapshot, and each table's write applies only to the
 * players whose stored version for that table is older (`*_version < v`); ground items likewise per map.
 * So two saves racing (two processes, or a batch sync and a leave) can never put an older state over a
 * newer one, whatever order they commit in. The player rows are locked by the version UPDATE, which
 * serialises concurrent saves of the same player. The whole write is also fenced by the Valkey epoch
 * (`HotStateEpoch.fence`): nothing read from data Valkey has lost since is written.
 */
export class SyncWriter {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly epoch: HotStateEpoch,
    private readonly options: { timeoutMs: number; chunkSize: number },
  ) {}

  /**
   * Writes the batch in one transaction. With `only`, each table is written for the players dirty in its
   * category alone (a player who only moved costs one row); the per-table versions keep that correct, since
   * each table's copy is fenced on its own.
   */
  async write(batch: SyncBatch): Promise<WrittenRows> {
    const { players, only } = batch;
    const maps = [...batch.maps].sort((a, b) => (a.mapId < b.mapId ? -1 : a.mapId > b.mapId ? 1 : 0));
    const banks = batch.banks ?? [];
    if (players.length === 0 && maps.length === 0 && banks.length === 0) return emptyWrittenRows();
    const of = (category: keyof DirtyPlayers) => (only ? players.filter((p) => only[category].has(p.playerId)) : players);
    const chunks = <T>(list: readonly T[]) =>
      Array.from({ length: Math.ceil(list.length / this.options.chunkSize) }, (_, i) =>
        list.slice(i * this.options.chunkSize, (i + 1) * this.options.chunkSize));
    return this.prisma.$transaction(
      async (tx) => {
        await this.epoch.fence(tx, batch.epoch);
        await lockInOrder(tx, [...players.map((p) => p.playerId), ...banks.map((b) => b.playerId)], maps.map((m) => m.mapId));
        const rows = emptyWrittenRows();
        for (const chunk of chunks(of("position"))) rows.players += await writePositions(tx, chunk);
        for (const chunk of chunks(of("inventory"))) rows.inventory += await writeInventories(tx, chunk);
        for (const chunk of chunks(of("equipment"))) rows.equipment += await writeEquipment(tx, chunk);
        for (const chunk of chunks(of("skills"))) rows.skills += await writeSkills(tx, chunk);
        for (const chunk of chunks(banks)) rows.bank += await writeBankChanges(tx, chunk);
        if (maps.length > 0) rows.groundItems = await writeGroundItems(tx, maps);
        return rows;
      },
      { timeout: this.options.timeoutMs, maxWait: this.options.timeoutMs },
    );
  }
}

// Runs in several processes write overlapping players and maps (a run also saves what other runs hold), each
// table in its own order: taking every row lock first, in id order, keeps two of them from deadlocking.
async function lockInOrder(tx: Tx, playerIds: readonly number[], mapIds: readonly string[]): Promise<void> {
  if (playerIds.length > 0) {
    await tx.$queryRaw`SELECT count(*) FROM (SELECT id FROM players WHERE id = ANY(${[...new Set(playerIds)]}::int[])
                                                ORDER BY id FOR NO KEY UPDATE) AS locked`;
  }
  if (mapIds.length > 0) {
    await tx.$queryRaw`SELECT count(*) FROM (SELECT map_id FROM map_sync_state WHERE map_id = ANY(${mapIds}::text[])
                                                ORDER BY map_id FOR NO KEY UPDATE) AS locked`;
  }
}

async function writePositions(tx: Tx, players: readonly PlayerSnapshot[]): Promise<number> {
  return tx.$executeRaw`
    UPDATE players AS p
       SET map_id = u.map_id, x = u.x, y = u.y, current_hp = u.hp, combat_style = u.style, position_version = u.v,
           updated_at = now()
      FROM unnest(${players.map((p) => p.playerId)}::int[], ${players.map((p) => p.position.mapId)}::text[],
                  ${players.map((p) => p.position.x)}::int[], ${players.map((p) => p.position.y)}::int[],
                  ${players.map((p) => p.hp.currentHp)}::int[], ${players.map((p) => p.combatStyle)}::text[],
                  ${players.map((p) => String(p.version))}::bigint[])
           AS u(id, map_id, x, y, hp, style, v)
     WHERE p.id = u.id AND p.position_version < u.v`;
}

async function writeInventories(tx: Tx, players: readonly PlayerSnapshot[]): Promise<number> {
  const rows = players.flatMap((p) => [...p.inventory].map(([slot, s]) => ({ playerId: p.playerId, slot: String(slot), ...s })));
  return writeSlots(tx, "inventory", players, rows);
}

async function writeEquipment(tx: Tx, players: readonly PlayerSnapshot[]): Promise<number> {
  const rows = players.flatMap((p) => [...p.equipment].map(([slot, s]) => ({ playerId: p.playerId, slot, ...s })));
  return writeSlots(tx, "equipment", players, rows);
}

interface SlotRow {
  playerId: number;
  slot: string;
  itemId: number;
  quantity: number;
  durability: number | null;
}

// Inventory and equipment share one statement shape; only the table, the version column and the slot type
// differ. The identifiers come from this closed union, never from input.
async function writeSlots(tx: Tx, kind: "inventory" | "equipment", players: readonly PlayerSnapshot[], rows: SlotRow[]) {
  const ids = players.map((p) => p.playerId);
  const versions = players.map((p) => String(p.version));
  const args = [ids, versions, rows.map((r) => r.playerId), rows.map((r) => r.slot), rows.map((r) => r.itemId),
    rows.map((r) => r.quantity), rows.map((r) => r.durability)];
  const table = kind === "inventory" ? "player_inventory" : "player_equipment";
  const slotType = kind === "inventory" ? "int" : "text";
  return tx.$executeRawUnsafe(
    `WITH accepted AS (
       UPDATE players AS p SET ${kind}_version = u.v, updated_at = now()
         FROM unnest($1::int[], $2::bigint[]) AS u(id, v)
        WHERE p.id = u.id AND p.${kind}_version < u.v
       RETURNING p.id),
     rows AS (SELECT * FROM unnest($3::int[], $4::${slotType}[], $5::int[], $6::int[], $7::int[])
                AS r(player_id, slot, item_id, quantity, durability)),
     emptied AS (
       DELETE FROM ${table} AS t USING accepted a
        WHERE t.player_id = a.id
          AND NOT EXISTS (SELECT 1 FROM rows r WHERE r.player_id = t.player_id AND r.slot = t.slot))
     INSERT INTO ${table} (player_id, slot, item_id, quantity, durability)
     SELECT r.player_id, r.slot, r.item_id, r.quantity, r.durability FROM rows r JOIN accepted a ON a.id = r.player_id
     ON CONFLICT (player_id, slot) DO UPDATE
        SET item_id = excluded.item_id, quantity = excluded.quantity, durability = excluded.durability
      WHERE (${table}.item_id, ${table}.quantity, ${table}.durability)
            IS DISTINCT FROM (excluded.item_id, excluded.quantity, excluded.durability)`,
    ...args,
  );
}

async function writeSkills(tx: Tx, players: readonly PlayerSnapshot[]): Promise<number> {
  const rows = players.flatMap((p) => [...p.skills].map(([skill, s]) => ({ playerId: p.playerId, skill, ...s })));
  return tx.$executeRaw`
    WITH accepted AS (
      UPDATE players AS p SET skills_version = u.v, updated_at = now()
        FROM unnest(${players.map((p) => p.playerId)}::int[], ${players.map((p) => String(p.version))}::bigint[]) AS u(id, v)
       WHERE p.id = u.id AND p.skills_version < u.v
      RETURNING p.id)
    INSERT INTO player_skills (player_id, skill, level, xp)
    SELECT r.player_id, r.skill, r.level, r.xp
      FROM unnest(${rows.map((r) => r.playerId)}::int[], ${rows.map((r) => r.skill)}::text[],
                  ${rows.map((r) => r.level)}::int[], ${rows.map((r) => r.xp)}::int[]) AS r(player_id, skill, level, xp)
      JOIN accepted a ON a.id = r.player_id
    ON CONFLICT (player_id, skill) DO UPDATE SET level = excluded.level, xp = excluded.xp
      WHERE (player_skills.level, player_skills.xp) IS DISTINCT FROM (excluded.level, excluded.xp)`;
}

// A map's rows are replaced as a whole when its version is newer than the saved one. The id high water keeps
// the highest id ever saved for the map, so that ids stay unique after the items are gone. An id that is
// already saved for a different item (another map, item or drop time) is never overwritten: ids are never
// reused, and if they were, two items must not be mixed into one row.
async function writeGroundItems(tx: Tx, maps: readonly MapGroundItems[]): Promise<number> {
  const items = maps.flatMap((m) => m.items);
  const col = <T>(f: (g: GroundItem) => T) => items.map(f);
  const highWater = maps.map((m) => String(m.items.reduce((max, g) => Math.max(max, g.id), 0)));
  return tx.$executeRaw`
    WITH accepted AS (
      INSERT INTO map_sync_state (map_id, ground_items_version, ground_item_id_high_water)
      SELECT * FROM unnest(${maps.map((m) => m.mapId)}::text[], ${maps.map((m) => String(m.version))}::bigint[],
                           ${highWater}::bigint[])
      ON CONFLICT (map_id) DO UPDATE SET ground_items_version = excluded.ground_items_version,
         ground_item_id_high_water = GREATEST(map_sync_state.ground_item_id_high_water, excluded.ground_item_id_high_water)
        WHERE map_sync_state.ground_items_version < excluded.ground_items_version
      RETURNING map_id),
    rows AS (
      SELECT * FROM unnest(${col((g) => String(g.id))}::bigint[], ${col((g) => g.itemId)}::int[],
                           ${col((g) => g.mapId)}::text[], ${col((g) => g.x)}::int[], ${col((g) => g.y)}::int[],
                           ${col((g) => g.quantity)}::int[], ${col((g) => g.durability)}::int[],
                           ${col((g) => g.droppedBy)}::int[], ${col((g) => g.droppedAtMs)}::float8[],
                           ${col((g) => g.publicAtMs)}::float8[], ${col((g) => g.despawnAtMs)}::float8[])
        AS r(id, item_id, map_id, x, y, quantity, durability, dropped_by, dropped_at, public_at, despawn_at)),
    removed AS (
      DELETE FROM ground_items AS g USING accepted a
       WHERE g.map_id = a.map_id AND NOT EXISTS (SELECT 1 FROM rows r WHERE r.id = g.id))
    INSERT INTO ground_items (id, item_id, map_id, x, y, quantity, durability, dropped_by, dropped_at, public_at, despawn_at)
    SELECT r.id, r.item_id, r.map_id, r.x, r.y, r.quantity, r.durability, pl.id,
           to_timestamp(r.dropped_at / 1000.0), to_timestamp(r.public_at / 1000.0), to_timestamp(r.despawn_at / 1000.0)
      FROM rows r JOIN accepted a ON a.map_id = r.map_id LEFT JOIN players pl ON pl.id = r.dropped_by
    ON CONFLICT (id) DO UPDATE SET quantity = excluded.quantity, durability = excluded.durability
      WHERE (ground_items.map_id, ground_items.item_id, ground_items.dropped_at)
            = (excluded.map_id, excluded.item_id, excluded.dropped_at)`;
}
