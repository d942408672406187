import type { PrismaClient } from "../generated/prisma/client.js";
import type { GroundItem } from "./types.js";

/** The saved copy of ground items, read when a map's items are first needed after Valkey lost them. */
export class GroundItemRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async listMap(mapId: string): Promise<GroundItem[]> {
    const rows = await this.prisma.groundItem.findMany({ where: { mapId }, orderBy: { id: "asc" } });
    return rows.map((r) => ({
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
  }

  /** The highest ground item id ever saved (0 when none), so that new ids never collide with saved ones. */
  async maxId(): Promise<number> {
    const { _max } = await this.prisma.groundItem.aggregate({ _max: { id: true } });
    return Number(_max.id ?? 0n);
  }
}
