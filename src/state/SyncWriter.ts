import type { PrismaClient } from "../generated/prisma/client.js";
import type { BankChanges } from "./BankHotState.js";
import { writeBankChanges } from "./BankSyncWriter.js";
import type { HotStateEpoch } from "./HotStateEpoch.js";
import type { PlayerSnapshot } from "./PlayerSnapshot.js";
import { EQUIPMENT_SLOTS, type GroundItem, type ItemStack } from "./types.js";

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
  /**
   * Players read from their player hash alone (their inventory, equipment and skills read as empty): only
   * their position may be written. A batch that asks for more of them is refused whole (it would save their
   * items as gone).
   */
  positionOnly?: ReadonlySet<number>;
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
   * each table's copy is fenced on its own. Each player's row is updated once (`acceptVersions`: its
   * position and every version it moves), then the inventory, equipment and skill rows of the players whose
   * version was accepted for that table.
   */
  async write(batch: SyncBatch): Promise<WrittenRows> {
    const { players, only } = batch;
    const maps = [...batch.maps].sort((a, b) => (a.mapId < b.mapId ? -1 : a.mapId > b.mapId ? 1 : 0));
    const banks = batch.banks ?? [];
    if (players.length === 0 && maps.length === 0 && banks.length === 0) return emptyWrittenRows();
    for (const id of batch.positionOnly ?? []) {
      if (!only || SLOT_CATEGORIES.some((c) => only[c].has(id))) throw new Error(`player ${id} was read position-only but is to be saved whole`);
    }
    const chunks = <T>(list: readonly T[]) =>
      Array.from({ length: Math.ceil(list.length / this.options.chunkSize) }, (_, i) =>
        list.slice(i * this.options.chunkSize, (i + 1) * this.options.chunkSize));
    return this.prisma.$transaction(
      async (tx) => {
        await this.epoch.fence(tx, batch.epoch);
        await lockInOrder(tx, [...players.map((p) => p.playerId), ...banks.map((b) => b.playerId)], maps.map((m) => m.mapId));
        const rows = emptyWrittenRows();
        const dirty = only ? players.filter((p) => CATEGORIES.some((c) => only[c].has(p.playerId))) : players;
        const accepted: Record<SlotCategory, Set<number>> = { inventory: new Set(), equipment: new Set(), skills: new Set() };
        for (const chunk of chunks(dirty)) {
          const result = await acceptVersions(tx, chunk, (category, id) => !only || only[category].has(id));
          rows.players += result.positions;
          for (const c of SLOT_CATEGORIES) for (const id of result[c]) accepted[c].add(id);
        }
        const acceptedIn = (category: SlotCategory) => dirty.filter((p) => accepted[category].has(p.playerId));
        const inChunks = (category: SlotCategory, build: (chunk: readonly PlayerSnapshot[]) => Statement[]) =>
          chunks(acceptedIn(category)).map((chunk) => () => build(chunk));
        [rows.inventory, rows.equipment, rows.skills] = await runInTurn(tx, [
          ...inChunks("inventory", inventoryStatements),
          ...inChunks("equipment", equipmentStatements),
          ...inChunks("skills", skillStatements),
        ]);
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

const CATEGORIES = ["position", "inventory", "equipment", "skills"] as const;
const SLOT_CATEGORIES = ["inventory", "equipment", "skills"] as const;
type Category = (typeof CATEGORIES)[number];
type SlotCategory = (typeof SLOT_CATEGORIES)[number];

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
async function acceptVersions(tx: Tx, players: readonly PlayerSnapshot[], dirty: (category: Category, id: number) => boolean) {
  const flags = (category: Category) => players.map((p) => dirty(category, p.playerId));
  const accepted = await tx.$queryRaw<AcceptedRow[]>`
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
      FROM unnest(${players.map((p) => p.playerId)}::int[], ${players.map((p) => p.position.mapId)}::text[],
                  ${players.map((p) => p.position.x)}::int[], ${players.map((p) => p.position.y)}::int[],
                  ${players.map((p) => p.hp.currentHp)}::int[], ${players.map((p) => p.combatStyle)}::text[],
                  ${players.map((p) => String(p.version))}::bigint[], ${flags("position")}::bool[], ${flags("inventory")}::bool[],
                  ${flags("equipment")}::bool[], ${flags("skills")}::bool[])
           AS u(id, map_id, x, y, hp, style, v, pos, inv, eq, sk)
     WHERE p.id = u.id
       AND ((u.pos AND p.position_version < u.v) OR (u.inv AND p.inventory_version < u.v)
            OR (u.eq AND p.equipment_version < u.v) OR (u.sk AND p.skills_version < u.v))
    RETURNING p.id, u.pos AND p.position_version = u.v AS pos_ok, u.inv AND p.inventory_version = u.v AS inv_ok,
              u.eq AND p.equipment_version = u.v AS eq_ok, u.sk AND p.skills_version = u.v AS sk_ok`;
  const ids = (ok: (r: AcceptedRow) => boolean) => new Set(accepted.filter(ok).map((r) => r.id));
  return { positions: accepted.filter((r) => r.pos_ok).length, inventory: ids((r) => r.inv_ok), equipment: ids((r) => r.eq_ok), skills: ids((r) => r.sk_ok) };
}

/** One statement of a save: its SQL (parameters `$1`..), their values (array literals), and its table's index. */
interface Statement {
  table: 0 | 1 | 2;
  sql: string;
  args: string[];
}

/**
 * Runs the statements of `builds` one after the other, each built (in this process) while the one before
 * runs in PostgreSQL, so that building the rows of a chunk costs no time of its own. Returns the rows written
 * per `Statement.table`.
 */
async function runInTurn(tx: Tx, builds: readonly (() => Statement[])[]): Promise<[number, number, number]> {
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

function inventoryStatements(players: readonly PlayerSnapshot[]): Statement[] {
  return slotStatements("inventory", players, (p) => p.inventory, INVENTORY_ROW_SLOTS);
}

function equipmentStatements(players: readonly PlayerSnapshot[]): Statement[] {
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

function skillStatements(players: readonly PlayerSnapshot[]): Statement[] {
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
