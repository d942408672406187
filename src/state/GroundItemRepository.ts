import type { PrismaClient } from "../generated/prisma/client.js";
import type { GroundItem } from "./types.js";

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/** What PostgreSQL holds of a map's ground items, read at one moment. */
export interface SavedMapGroundItems {
  items: GroundItem[];
  /** The version of the last save of the map's items (`map_sync_state`); 0 when never saved. */
  version: number;
  /** The highest ground item id PostgreSQL has ever seen, on any map: new ids must be above it. */
  idFloor: number;
}

/** The saved copy of ground items, read when a map's items are first needed after Valkey lost them. */
export class GroundItemRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** The map's saved items, its save version and the id floor, in one repeatable-read transaction. */
  async loadMap(mapId: string): Promise<SavedMapGroundItems> {
    return this.prisma.$transaction(
      async (tx) => {
        const rows = await tx.groundItem.findMany({ where: { mapId }, orderBy: { id: "asc" } });
        const state = await tx.mapSyncState.findUnique({ where: { mapId } });
        const idFloor = await readIdFloor(tx);
        const items = rows.map((r) => ({
          id: Number(r.id),
          itemId: r.itemId,
          mapId: r.mapId,
          x: r.x,
          y: r.y,
          quantity: r.quantity,
          durability: r.durability,
          droppedBy: r.droppedBy,
          droppedAtMs: r.droppedAt.getTime(),
          publicAtMs: r.publicAt.getTime(),
          despawnAtMs: r.despawnAt.getTime(),
        }));
        return { items, version: Number(state?.groundItemsVersion ?? 0n), idFloor };
      },
      { isolationLevel: "RepeatableRead" },
    );
  }

  /** The highest ground item id ever saved (0 when none), also of items gone since, so that ids are never reused. */
  idFloor(): Promise<number> {
    return readIdFloor(this.prisma);
  }
}

async function readIdFloor(db: Tx | PrismaClient): Promise<number> {
  const items = await db.groundItem.aggregate({ _max: { id: true } });
  const maps = await db.mapSyncState.aggregate({ _max: { groundItemIdHighWater: true } });
  const highest = [items._max.id ?? 0n, maps._max.groundItemIdHighWater ?? 0n].reduce((a, b) => (b > a ? b : a));
  return Number(highest);
}
