import type { PrismaClient } from "../generated/prisma/client.js";
import type { MapGroundItems, WrittenRows } from "./SyncWriter.js";
import type { PlayerSnapshot } from "./PlayerSnapshot.js";
import { EQUIPMENT_SLOTS, type GroundItem, type ItemStack } from "./types.js";

/** The statements of a sync's write: SQL only, each run in the sync's transaction `tx`. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

export const emptyWrittenRows = (): WrittenRows => ({ players: 0, inventory: 0, equipment: 0, skills: 0, bank: 0, groundItems: 0 });

// Runs in several processes write overlapping players and maps (a run also saves what other runs hold), each
// table in its own order: taking every row lock in id order (players, then maps) keeps two of them from
// deadlocking.
/** Locks the players' rows in id order, waiting for each (only ever for ids above every id the caller holds). */
export async function lockPlayersInOrder(tx: Tx, playerIds: readonly number[]): Promise<void> {
  if (playerIds.length === 0) return;
  await tx.$queryRaw`SELECT count(*) FROM (SELECT id FROM players WHERE id = ANY(${[...new Set(playerIds)]}::int[])
                                              ORDER BY id FOR NO KEY UPDATE) AS locked`;
}

/**
 * Locks the players' rows without waiting for any (for ids below one the caller holds: waiting there could
 * close a cycle with another run). Returns how many it locked: fewer than asked when another transaction
 * holds one (or a player no longer exists).
 */
export async function tryLockPlayers(tx: Tx, playerIds: readonly number[]): Promise<number> {
  if (playerIds.length === 0) return 0;
  const [row] = await tx.$queryRaw<{ locked: bigint }[]>`SELECT count(*) AS locked FROM (SELECT id FROM players
      WHERE id = ANY(${[...new Set(playerIds)]}::int[]) FOR NO KEY UPDATE SKIP LOCKED) AS l`;
  return Number(row?.locked ?? 0);
}

/** Locks the maps' sync rows in id order; after every player lock of the transaction. */
export async function lockMapsInOrder(tx: Tx, mapIds: readonly string[]): Promise<void> {
  if (mapIds.length === 0) return;
  await tx.$queryRaw`SELECT count(*) FROM (SELECT map_id FROM map_sync_state WHERE map_id = ANY(${mapIds}::text[])
                                              ORDER BY map_id FOR NO KEY UPDATE) AS locked`;
}

export const CATEGORIES = ["position", "inventory", "equipment", "skills"] as const;
export const SLOT_CATEGORIES = ["inventory", "equipment", "skills"] as const;
export type Category = (typeof CATEGORIES)[number];
export type SlotCategory = (typeof SLOT_CATEGORIES)[number];

interface AcceptedRow {
  id: number;
  pos_ok: boolean;
  inv_ok: boolean;
  eq_ok: boolean;
  sk_ok: boolean;
}

/**
 * ONE update of each player's row for the whole save: its position (with hp and combat style) where the
 * position is dirty and its stored version older, and the version of every dirty category whose stored
 * version is older. Returns how many positions were written and, per category, the players whose rows of
 * that table may be written: those whose stored version for it is now the save's (the fence: a save older
 * than the stored one is refused; one equal to it was already saved from the same state, so writing its rows
 * again changes nothing). The conditions are evaluated on the row as updated (a concurrent save's commit
 * is seen), and its lock serialises concurrent saves of the same player until the transaction ends.
 */
export async function acceptVersions(tx: Tx, players: readonly PlayerSnapshot[], dirty: (category: Category, id: number) => boolean) {
  const flags = (category: Category) => players.map((p) => (dirty(category, p.playerId) ? "t" : "f"));
  const accepted = await tx.$queryRawUnsafe<AcceptedRow[]>(`
    UPDATE players AS p
       SET map_id = CASE WHEN u.pos AND p.position_version < u.v THEN u.map_id ELSE p.map_id END,
           x = CASE WHEN u.pos AND p.position_version < u.v THEN u.x ELSE p.x END,
           y = CASE WHEN u.pos AND p.position_version < u.v THEN u.y ELSE p.y END,
           current_hp = CASE WHEN u.pos AND p.position_version < u.v THEN u.hp ELSE p.current_hp END,
           combat_style = CASE WHEN u.pos AND p.position_version < u.v THEN u.style ELSE p.combat_style END,
           position_version = CASE WHEN u.pos AND p.position_version < u.v THEN u.v ELSE p.position_version END,
           inventory_version = CASE WHEN u.inv AND p.inventory_version < u.v THEN u.v ELSE p.inventory_version END,
           equipment_version = CASE WHEN u.eq AND p.equipment_version < u.v THEN u.v ELSE p.equipment_version END,
           skills_version = CASE WHEN u.sk AND p.skills_version < u.v THEN u.v ELSE p.skills_version END,
           updated_at = now()
      FROM unnest($1::int[], $2::text[], $3::int[], $4::int[], $5::int[], $6::text[], $7::bigint[], $8::bool[], $9::bool[],
                  $10::bool[], $11::bool[])
           AS u(id, map_id, x, y, hp, style, v, pos, inv, eq, sk)
     WHERE p.id = u.id
       AND ((u.pos AND p.position_version < u.v) OR (u.inv AND p.inventory_version < u.v)
            OR (u.eq AND p.equipment_version < u.v) OR (u.sk AND p.skills_version < u.v))
    RETURNING p.id, u.pos AND p.position_version = u.v AS pos_ok, u.inv AND p.inventory_version = u.v AS inv_ok,
              u.eq AND p.equipment_version = u.v AS eq_ok, u.sk AND p.skills_version = u.v AS sk_ok`,
    ...[players.map((p) => p.playerId), players.map((p) => p.position.mapId), players.map((p) => p.position.x),
      players.map((p) => p.position.y), players.map((p) => p.hp.currentHp), players.map((p) => p.combatStyle),
      players.map((p) => String(p.version)), flags("position"), flags("inventory"), flags("equipment"), flags("skills")].map(arrayLiteral));
  const ids = (ok: (r: AcceptedRow) => boolean) => new Set(accepted.filter(ok).map((r) => r.id));
  return { positions: accepted.filter((r) => r.pos_ok).length, inventory: ids((r) => r.inv_ok), equipment: ids((r) => r.eq_ok), skills: ids((r) => r.sk_ok) };
}

/** `list` in slices of `size`. */
export function chunksOf<T>(list: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));
}

/**
 * Writes the players' rows in the categories `dirty` says, `chunkSize` players per statement: each player's
 * row once (`acceptVersions`), then the inventory, equipment and skill rows of the players whose version was
 * accepted for that table. Adds what it wrote to `rows`. The players' rows must be locked already.
 */
export async function writePlayerRows(tx: Tx, players: readonly PlayerSnapshot[], dirty: (category: Category, id: number) => boolean,
  chunkSize: number, rows: WrittenRows): Promise<void> {
  const accepted: Record<SlotCategory, Set<number>> = { inventory: new Set(), equipment: new Set(), skills: new Set() };
  for (const chunk of chunksOf(players, chunkSize)) {
    const result = await acceptVersions(tx, chunk, dirty);
    rows.players += result.positions;
    for (const c of SLOT_CATEGORIES) for (const id of result[c]) accepted[c].add(id);
  }
  const inChunks = (category: SlotCategory, build: (chunk: readonly PlayerSnapshot[]) => Statement[]) =>
    chunksOf(players.filter((p) => accepted[category].has(p.playerId)), chunkSize).map((chunk) => () => build(chunk));
  const [inventory, equipment, skills] = await runInTurn(tx, [
    ...inChunks("inventory", inventoryStatements),
    ...inChunks("equipment", equipmentStatements),
    ...inChunks("skills", skillStatements),
  ]);
  rows.inventory += inventory;
  rows.equipment += equipment;
  rows.skills += skills;
}

/** One statement of a save: its SQL (parameters `$1`..), their values (array literals), and its table's index. */
export interface Statement {
  table: 0 | 1 | 2;
  sql: string;
  args: string[];
}

/**
 * Runs the statements of `builds` one after the other, each built (in this process) while the one before
 * runs in PostgreSQL, so that building the rows of a chunk costs no time of its own. Returns the rows written
 * per `Statement.table`.
 */
export async function runInTurn(tx: Tx, builds: readonly (() => Statement[])[]): Promise<[number, number, number]> {
  const written: [number, number, number] = [0, 0, 0];
  let running: Promise<void> = Promise.resolve();
  for (const build of builds) {
    for (const statement of build()) {
      await running;
      running = tx.$executeRawUnsafe(statement.sql, ...statement.args).then((n) => void (written[statement.table] += n));
    }
  }
  await running;
  return written;
}

/**
 * Every slot a `player_inventory` row can have (its CHECK: 0..27); `player_equipment`'s CHECK allows
 * `EQUIPMENT_SLOTS`. A slot a player does not hold is deleted by key, so no other row can stay behind.
 */
const INVENTORY_ROW_SLOTS = Array.from({ length: 28 }, (_, slot) => slot);

export function inventoryStatements(players: readonly PlayerSnapshot[]): Statement[] {
  return slotStatements("inventory", players, (p) => p.inventory, INVENTORY_ROW_SLOTS);
}

export function equipmentStatements(players: readonly PlayerSnapshot[]): Statement[] {
  return slotStatements("equipment", players, (p) => p.equipment, EQUIPMENT_SLOTS);
}

// Inventory and equipment share one statement shape; only the table and the slot type differ. The
// identifiers come from this closed union, never from input. `players` were accepted by `acceptVersions`:
// their rows are upserted where they changed, and their empty slots deleted by key (each an index probe, where
// an anti-join of the players' stored rows against the new ones cost as much as the upsert itself). The
// columns are built in one pass over the players, with no object per row.
function slotStatements<S extends number | string>(kind: "inventory" | "equipment", players: readonly PlayerSnapshot[],
  slotsOf: (p: PlayerSnapshot) => ReadonlyMap<S, ItemStack>, allSlots: readonly S[]): Statement[] {
  const table = kind === "inventory" ? "player_inventory" : "player_equipment";
  const slotType = kind === "inventory" ? "int" : "text";
  const index = kind === "inventory" ? 0 : 1;
  const emptied = { playerId: [] as number[], slot: [] as S[] };
  const rows = { playerId: [] as number[], slot: [] as S[], itemId: [] as number[], quantity: [] as number[], durability: [] as (number | null)[] };
  for (const p of players) {
    const held = slotsOf(p);
    for (const [slot, s] of held) {
      rows.playerId.push(p.playerId);
      rows.slot.push(slot);
      rows.itemId.push(s.itemId);
      rows.quantity.push(s.quantity);
      rows.durability.push(s.durability);
    }
    if (held.size === allSlots.length) continue;
    for (const slot of allSlots) {
      if (held.has(slot)) continue;
      emptied.playerId.push(p.playerId);
      emptied.slot.push(slot);
    }
  }
  const statements: Statement[] = [];
  if (emptied.playerId.length > 0) {
    statements.push({
      table: index,
      sql: `DELETE FROM ${table} AS t USING unnest($1::int[], $2::${slotType}[]) AS e(player_id, slot)
             WHERE t.player_id = e.player_id AND t.slot = e.slot`,
      args: [arrayLiteral(emptied.playerId), arrayLiteral(emptied.slot)],
    });
  }
  if (rows.playerId.length > 0) {
    statements.push({
      table: index,
      sql: `INSERT INTO ${table} AS t (player_id, slot, item_id, quantity, durability)
            SELECT * FROM unnest($1::int[], $2::${slotType}[], $3::int[], $4::int[], $5::int[])
            ON CONFLICT (player_id, slot) DO UPDATE
               SET item_id = excluded.item_id, quantity = excluded.quantity, durability = excluded.durability
             WHERE (t.item_id, t.quantity, t.durability) IS DISTINCT FROM (excluded.item_id, excluded.quantity, excluded.durability)`,
      args: [rows.playerId, rows.slot, rows.itemId, rows.quantity, rows.durability].map(arrayLiteral),
    });
  }
  return statements;
}

export function skillStatements(players: readonly PlayerSnapshot[]): Statement[] {
  const rows = { playerId: [] as number[], skill: [] as string[], level: [] as number[], xp: [] as number[] };
  for (const p of players) {
    for (const [skill, s] of p.skills) {
      rows.playerId.push(p.playerId);
      rows.skill.push(skill);
      rows.level.push(s.level);
      rows.xp.push(s.xp);
    }
  }
  if (rows.playerId.length === 0) return [];
  return [{
    table: 2,
    sql: `INSERT INTO player_skills AS t (player_id, skill, level, xp)
          SELECT * FROM unnest($1::int[], $2::text[], $3::int[], $4::int[])
          ON CONFLICT (player_id, skill) DO UPDATE SET level = excluded.level, xp = excluded.xp
           WHERE (t.level, t.xp) IS DISTINCT FROM (excluded.level, excluded.xp)`,
    args: [rows.playerId, rows.skill, rows.level, rows.xp].map(arrayLiteral),
  }];
}

/**
 * A PostgreSQL array literal of `values`, for a parameter cast in SQL (`$1::int[]`): one text value instead
 * of an array that the drivers walk and escape value by value (for a large sync that walk, and its garbage,
 * took as long as PostgreSQL's own work). Numbers as they are, strings double-quoted with `"` and `\`
 * escaped, null as NULL.
 */
export function arrayLiteral(values: readonly (number | string | null)[]): string {
  return `{${values.map((v) => (v === null ? "NULL" : typeof v === "number" ? String(v) : `"${v.replace(/["\\]/g, "\\$&")}"`)).join(",")}}`;
}

// A map's rows are replaced as a whole when its version is newer than the saved one. The id high water keeps
// the highest id ever saved for the map, so that ids stay unique after the items are gone. An id that is
// already saved for a different item (another map, item or drop time) is never overwritten: ids are never
// reused, and if they were, two items must not be mixed into one row.
export async function writeGroundItems(tx: Tx, maps: readonly MapGroundItems[]): Promise<number> {
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
