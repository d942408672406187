import pg from "pg";
import { copyFromStdin } from "./pgCopy.js";

/** One player's full saved state, as the sync writes it. */
export interface FullPlayerRows {
  playerId: number;
  position: { mapId: string; x: number; y: number; hp: number };
  inventory: { slot: number; itemId: number; quantity: number; durability: number | null }[];
  equipment: { slot: string; itemId: number; quantity: number; durability: number | null }[];
  skills: { skill: string; level: number; xp: number }[];
}

export interface UpsertBaseline {
  rows: number;
  seconds: number;
  rowsPerS: number;
  /** COPY into the temporary tables, and the INSERT ... ON CONFLICT (UPDATE ... FROM for players) from them. */
  copyS: number;
  upsertS: number;
}

/** A value in COPY's text format (tab-separated, \N for NULL; bench values hold no tabs or backslashes). */
const cell = (v: string | number | null) => (v === null ? "\\N" : String(v));
const lines = <T>(items: readonly T[], fields: (item: T) => (string | number | null)[]) => items.map((i) => `${fields(i).map(cell).join("\t")}\n`).join("");

/**
 * PostgreSQL's own upsert rate for `players`' rows, measured as psql would do it: in ONE transaction, per
 * table, `COPY` from STDIN into a temporary table, then `INSERT ... ON CONFLICT DO UPDATE` into the real
 * table (the players' positions: `UPDATE ... FROM`, since those rows always exist). No version checks, no
 * deletes of emptied slots, no change detection: the floor any bulk save of the same rows stands on.
 */
export async function pgUpsertBaseline(databaseUrl: string, players: readonly FullPlayerRows[]): Promise<UpsertBaseline> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const tables = [
      {
        temp: "bench_positions", columns: "id int, map_id text, x int, y int, current_hp int",
        data: lines(players, (p) => [p.playerId, p.position.mapId, p.position.x, p.position.y, p.position.hp]),
        apply: `UPDATE players AS p SET map_id = t.map_id, x = t.x, y = t.y, current_hp = t.current_hp, updated_at = now()
                  FROM bench_positions t WHERE p.id = t.id`,
      },
      {
        temp: "bench_inventory", columns: "player_id int, slot int, item_id int, quantity int, durability int",
        data: lines(players.flatMap((p) => p.inventory.map((s) => ({ id: p.playerId, ...s }))), (s) => [s.id, s.slot, s.itemId, s.quantity, s.durability]),
        apply: `INSERT INTO player_inventory (player_id, slot, item_id, quantity, durability) SELECT * FROM bench_inventory
                ON CONFLICT (player_id, slot) DO UPDATE SET item_id = excluded.item_id, quantity = excluded.quantity, durability = excluded.durability`,
      },
      {
        temp: "bench_equipment", columns: "player_id int, slot text, item_id int, quantity int, durability int",
        data: lines(players.flatMap((p) => p.equipment.map((s) => ({ id: p.playerId, ...s }))), (s) => [s.id, s.slot, s.itemId, s.quantity, s.durability]),
        apply: `INSERT INTO player_equipment (player_id, slot, item_id, quantity, durability) SELECT * FROM bench_equipment
                ON CONFLICT (player_id, slot) DO UPDATE SET item_id = excluded.item_id, quantity = excluded.quantity, durability = excluded.durability`,
      },
      {
        temp: "bench_skills", columns: "player_id int, skill text, level int, xp int",
        data: lines(players.flatMap((p) => p.skills.map((s) => ({ id: p.playerId, ...s }))), (s) => [s.id, s.skill, s.level, s.xp]),
        apply: `INSERT INTO player_skills (player_id, skill, level, xp) SELECT * FROM bench_skills
                ON CONFLICT (player_id, skill) DO UPDATE SET level = excluded.level, xp = excluded.xp`,
      },
    ];
    let rows = 0;
    let copyS = 0;
    let upsertS = 0;
    const started = performance.now();
    await client.query("BEGIN");
    try {
      for (const t of tables) {
        await client.query(`CREATE TEMP TABLE ${t.temp} (${t.columns}) ON COMMIT DROP`);
        const c0 = performance.now();
        await copyFromStdin(client, `COPY ${t.temp} FROM STDIN`, t.data);
        const c1 = performance.now();
        rows += (await client.query(t.apply)).rowCount ?? 0;
        copyS += (c1 - c0) / 1000;
        upsertS += (performance.now() - c1) / 1000;
      }
      await client.query("COMMIT");
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    }
    const seconds = (performance.now() - started) / 1000;
    return { rows, seconds, rowsPerS: Math.round(rows / seconds), copyS, upsertS };
  } finally {
    await client.end();
  }
}
