import type { Valkey } from "iovalkey";
import { decodeGroundItem, encodeGroundItem } from "./codec.js";
import { chebyshev } from "../services/rules/distance.js";
import { keys } from "./keys.js";
import type { Scripts } from "./scripts.js";
import type { GroundItem } from "./types.js";
import { epochMarker } from "./epochMarker.js";

export type StoredGroundItem = GroundItem & { version: number };

/**
 * Valkey side of ground items: one hash per item, one sorted set of ids per map scored by despawn time, a
 * version counter per map.
 */
export class GroundItemHotState {
  constructor(
    private readonly valkey: Valkey,
    private readonly scripts: Scripts,
  ) {}

  /** A fresh id from `ground_items:next_id`, unique across processes; null when the counter is missing (seed it). */
  async allocateId(): Promise<number | null> {
    const id = await this.scripts.run("allocateGroundItemId", [keys.groundItemsNextId()], []);
    return id === null ? null : Number(id);
  }

  /** Raises the id counter to at least `floor` (creating it when Valkey lost it). */
  async seedIds(floor: number): Promise<void> {
    await this.scripts.run("allocateGroundItemId", [keys.groundItemsNextId()], [floor]);
  }

  async get(groundItemId: number): Promise<StoredGroundItem | null> {
    return decodeGroundItem(await this.valkey.hgetall(keys.groundItem(groundItemId)));
  }

  /**
   * Every ground item of a map (pipelined: two round trips), with the map's version read first (with the
   * item ids, atomically): the items are at least as new as the version.
   */
  async listMap(mapId: string): Promise<{ version: number; items: StoredGroundItem[] }> {
    const replies = await this.valkey
      .multi()
      .get(keys.groundItemsVersion(mapId))
      .zrange(keys.groundItemsOfMap(mapId), 0, -1)
      .exec();
    const version = Number(replies?.[0]?.[1] ?? 0);
    const ids = (replies?.[1]?.[1] as string[] | undefined) ?? [];
    const pipeline = this.valkey.pipeline();
    for (const id of ids) pipeline.hgetall(keys.groundItem(Number(id)));
    const hashes = ids.length > 0 ? ((await pipeline.exec()) ?? []) : [];
    const items = hashes
      .map(([, hash]) => decodeGroundItem((hash ?? {}) as Record<string, string>))
      .filter((item): item is StoredGroundItem => item !== null && item.mapId === mapId);
    return { version, items };
  }

  /** Items within `radiusTiles` (Chebyshev) of `at`, not despawned, and public or dropped by `playerId`. */
  async visible(mapId: string, at: { x: number; y: number }, playerId: number | null, radiusTiles: number, nowMs: number): Promise<StoredGroundItem[]> {
    return (await this.listMap(mapId)).items.filter(
      (g) =>
        chebyshev(g, at) <= radiusTiles &&
        g.despawnAtMs > nowMs &&
        (g.publicAtMs <= nowMs || (playerId !== null && g.droppedBy === playerId)),
    );
  }

  /**
   * Removes every item of the map that has despawned by `nowMs`, in one script that reads only the items
   * due (by the map's despawn-time index); returns the items this call removed.
   */
  async removeExpired(mapId: string, nowMs: number): Promise<StoredGroundItem[]> {
    const removed = (await this.scripts.run(
      "removeExpiredGroundItems",
      [keys.groundItemsOfMap(mapId), keys.groundItemsVersion(mapId), keys.dirty("ground_items"), keys.groundItemKeyBase()],
      [mapId, nowMs],
    )) as string[][];
    return removed.map((fields) => decodeGroundItem(Object.fromEntries(pairs(fields)))).filter((g): g is StoredGroundItem => g !== null);
  }

  /** Atomically removes the item from its map; true for exactly one caller, ever. */
  async remove(groundItemId: number, mapId: string): Promise<boolean> {
    return (await this.runRemove(groundItemId, mapId)) === 1;
  }

  async isMapLoaded(mapId: string): Promise<boolean> {
    return (await this.valkey.sismember(keys.groundItemsLoadedMaps(), mapId)) === 1;
  }

  /**
   * Loads a map's saved items, read from PostgreSQL in Valkey epoch `epoch`, once; a later call (any process)
   * keeps what Valkey holds. The map's version becomes at least `saved.version` and the id counter at least
   * `saved.idFloor` (see loadMapGroundItems.lua). "lost": Valkey's epoch changed meanwhile, nothing written.
   */
  async loadMap(
    mapId: string,
    saved: { items: readonly GroundItem[]; version: number; idFloor: number },
    epoch: number,
  ): Promise<"loaded" | "kept" | "lost"> {
    const itemKeys = saved.items.map((item) => keys.groundItem(item.id));
    const result = await this.scripts.run(
      "loadMapGroundItems",
      [
        keys.groundItemsLoadedMaps(), keys.groundItemsOfMap(mapId), keys.groundItemsNextId(), keys.groundItemsVersion(mapId),
        keys.dirty("ground_items"), keys.epoch(), ...itemKeys,
      ],
      [mapId, saved.idFloor, saved.version, epochMarker(epoch), ...saved.items.map((item) => JSON.stringify(encodeGroundItem(item)))],
    );
    return result === 1 ? "loaded" : result === 0 ? "kept" : "lost";
  }

  private runRemove(groundItemId: number, mapId: string): Promise<unknown> {
    return this.scripts.run(
      "removeGroundItem",
      [
        keys.groundItem(groundItemId),
        keys.groundItemsOfMap(mapId),
        keys.groundItemsVersion(mapId),
        keys.dirty("ground_items"),
      ],
      [groundItemId, mapId],
    );
  }
}

/** [k1, v1, k2, v2, ...] as [[k1, v1], [k2, v2], ...] (a hash as HGETALL returns it inside a script). */
function pairs(flat: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i]!, flat[i + 1]!]);
  return out;
}
