import type { Valkey } from "iovalkey";
import { decodeGroundItem } from "./codec.js";
import { keys, playerStateKeys } from "./keys.js";
import { decodePlayerSnapshot, pairsToObject, type PlayerSnapshot } from "./PlayerSnapshot.js";
import type { Scripts } from "./scripts.js";
import type { MapGroundItems } from "./SyncWriter.js";
import type { GroundItem } from "./types.js";

/** Everything one sync run writes, as it was at one moment, and the Valkey epoch it was read in (null: lost). */
export interface SyncSnapshot {
  epoch: number | null;
  players: PlayerSnapshot[];
  maps: MapGroundItems[];
}

/** A map's items can change between reading its id set and the atomic read; each retry costs two round trips. */
const MAX_ATTEMPTS = 8;

type ScriptReply = [string | null, unknown[][], unknown[][], number[]];

/**
 * Reads players and maps for a sync in one atomic script (see snapshotForSync.lua): first the maps' item
 * ids (one pipelined round trip, since a script is handed every key it touches), then one script call. Players
 * that are not loaded are left out. Throws when a map's items keep changing under it (`MAX_ATTEMPTS`).
 */
export async function readSyncSnapshot(
  valkey: Valkey,
  scripts: Scripts,
  playerIds: readonly number[],
  mapIds: readonly string[],
): Promise<SyncSnapshot> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const itemIds = await readItemIds(valkey, mapIds);
    const keyList = [keys.epoch(), ...playerIds.flatMap((id) => playerStateKeys(id))];
    const args: (string | number)[] = [playerIds.length, mapIds.length];
    mapIds.forEach((mapId, m) => {
      const ids = itemIds[m]!;
      keyList.push(keys.groundItemsVersion(mapId), keys.groundItemsOfMap(mapId), ...ids.map((id) => keys.groundItem(Number(id))));
      args.push(ids.length, ...ids);
    });
    const [epoch, players, maps, stale] = (await scripts.run("snapshotForSync", keyList, args)) as ScriptReply;
    if (stale.length > 0) continue;
    return {
      epoch: epoch === null ? null : Number(epoch),
      players: players
        .map((hashes, i) => {
          const [p, inv, eq, sk] = hashes.map(pairsToObject);
          return decodePlayerSnapshot(playerIds[i]!, p!, inv!, eq!, sk!);
        })
        .filter((s): s is PlayerSnapshot => s !== null),
      maps: maps.map((reply, m) => {
        const [version, hashes] = reply as [string, unknown[]];
        const items = hashes
          .map((hash) => decodeGroundItem(pairsToObject(hash)))
          .filter((g): g is GroundItem & { version: number } => g !== null && g.mapId === mapIds[m]);
        return { mapId: mapIds[m]!, version: Number(version), items };
      }),
    };
  }
  throw new Error(`the ground items of ${mapIds.join(", ")} kept changing while a sync read them`);
}

async function readItemIds(valkey: Valkey, mapIds: readonly string[]): Promise<string[][]> {
  if (mapIds.length === 0) return [];
  const pipeline = valkey.pipeline();
  for (const mapId of mapIds) pipeline.smembers(keys.groundItemsOfMap(mapId));
  const replies = (await pipeline.exec()) ?? [];
  return replies.map(([err, ids]) => {
    if (err) throw err;
    return ids as string[];
  });
}
