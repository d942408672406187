import type { PrismaClient } from "../generated/prisma/client.js";
import type { BankChanges } from "./BankHotState.js";

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/**
 * Writes the changed slots of some banks inside a sync's transaction: each bank only when its stored
 * `bank_version` is older than the version it was read at (the inventory's fencing), then each changed slot
 * upserted, or deleted when it was emptied. Slots that did not change are not sent. Returns the rows written
 * (upserted plus deleted).
 */
export async function writeBankChanges(tx: Tx, banks: readonly BankChanges[]): Promise<number> {
  if (banks.length === 0) return 0;
  const rows = banks.flatMap((b) => b.changes.map((c) => ({ playerId: b.playerId, slot: c.slot, stack: c.stack })));
  const result = await tx.$queryRawUnsafe<{ n: bigint }[]>(
    `WITH accepted AS (
       UPDATE players AS p SET bank_version = u.v, updated_at = now()
         FROM unnest($1::int[], $2::bigint[]) AS u(id, v)
        WHERE p.id = u.id AND p.bank_version < u.v
       RETURNING p.id),
     rows AS (SELECT * FROM unnest($3::int[], $4::int[], $5::int[], $6::int[], $7::int[])
                AS r(player_id, slot, item_id, quantity, durability)),
     removed AS (
       DELETE FROM player_bank AS t USING rows r, accepted a
        WHERE a.id = r.player_id AND t.player_id = r.player_id AND t.slot = r.slot AND r.item_id IS NULL
       RETURNING 1),
     written AS (
       INSERT INTO player_bank (player_id, slot, item_id, quantity, durability)
       SELECT r.player_id, r.slot, r.item_id, r.quantity, r.durability FROM rows r JOIN accepted a ON a.id = r.player_id
        WHERE r.item_id IS NOT NULL
       ON CONFLICT (player_id, slot) DO UPDATE
          SET item_id = excluded.item_id, quantity = excluded.quantity, durability = excluded.durability
       RETURNING 1)
     SELECT (SELECT count(*) FROM removed) + (SELECT count(*) FROM written) AS n`,
    banks.map((b) => b.playerId),
    banks.map((b) => String(b.version)),
    rows.map((r) => r.playerId),
    rows.map((r) => r.slot),
    rows.map((r) => r.stack?.itemId ?? null),
    rows.map((r) => r.stack?.quantity ?? null),
    rows.map((r) => r.stack?.durability ?? null),
  );
  return Number(result[0]?.n ?? 0);
}
