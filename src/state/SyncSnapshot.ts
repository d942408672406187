import { decodeGroundItem } from "./codec.js";
import type { GroundItemHotState, StoredGroundItem } from "./GroundItemHotState.js";
import { keys, playerStateKeys } from "./keys.js";
import type { PlayerHotState } from "./PlayerHotState.js";
import { decodePlayerSnapshot, pairsToObject, type PlayerSnapshot } from "./PlayerSnapshot.js";
import type { Scripts } from "./scripts.js";
import type { MapGroundItems } from "./SyncWriter.js";

/** Everything one sync run writes, as it was at one moment, and the Valkey epoch it was read in (null: lost). */
export interface SyncSnapshot {
  epoch: number | null;
  players: PlayerSnapshot[];
  maps: MapGroundItems[];
}

/** Rounds of "read what changed again, check again" before the changed ones are read inside the check. */
const ROUNDS = 4;
/** Fewer changed entries than this are read inside the atomic check at once (it holds Valkey up meanwhile). */
const READ_INSIDE_BELOW = 200;

type MapRead = { version: number; items: StoredGroundItem[] };
type ScriptReply = [string | null, unknown[], unknown[]];

/**
 * Reads players and maps for a sync as one moment of the world, without holding Valkey up for long: it
 * reads everything with ordinary pipelined reads (each player and map together with its version), then a
 * script checks every version at once (one HGET or GET each, see snapshotForSync.lua) and the entries that
 * changed meanwhile are read again, until none did. When few changed (or after `ROUNDS`), the script reads
 * them itself, so the result is always what Valkey held at the moment of the last check. Players that are
 * not loaded are left out.
 */
export class SyncSnapshotReader {
  constructor(
    private readonly scripts: Scripts,
    private readonly players: PlayerHotState,
    private readonly ground: GroundItemHotState,
  ) {}

  async read(playerIds: readonly number[], mapIds: readonly string[]): Promise<SyncSnapshot> {
    const players = await Promise.all(playerIds.map((id) => this.players.read(id)));
    const maps: MapRead[] = await Promise.all(mapIds.map((id) => this.ground.listMap(id)));
    let changed = playerIds.length + mapIds.length;
    for (let round = 0; ; round++) {
      const inside = round === ROUNDS || changed < READ_INSIDE_BELOW;
      const [epoch, changedPlayers, changedMaps] = await this.check(playerIds, players, mapIds, maps, inside);
      if (inside) {
        for (const [index, ...hashes] of changedPlayers as [number, ...unknown[]][]) {
          const [p, i, e, s] = hashes.map(pairsToObject);
          players[index - 1] = decodePlayerSnapshot(playerIds[index - 1]!, p!, i!, e!, s!);
        }
        for (const [index, version, hashes] of changedMaps as [number, string, unknown[]][]) {
          const items = hashes.map((h) => decodeGroundItem(pairsToObject(h))).filter((g): g is StoredGroundItem => g !== null);
          maps[index - 1] = { version: Number(version), items };
        }
        return this.snapshot(epoch, players, mapIds, maps);
      }
      if (changedPlayers.length === 0 && changedMaps.length === 0) return this.snapshot(epoch, players, mapIds, maps);
      await Promise.all([
        ...(changedPlayers as number[]).map(async (index) => (players[index - 1] = await this.players.read(playerIds[index - 1]!))),
        ...(changedMaps as number[]).map(async (index) => (maps[index - 1] = await this.ground.listMap(mapIds[index - 1]!))),
      ]);
      changed = changedPlayers.length + changedMaps.length;
    }
  }

  private async check(
    playerIds: readonly number[],
    players: readonly (PlayerSnapshot | null)[],
    mapIds: readonly string[],
    maps: readonly MapRead[],
    readInside: boolean,
  ): Promise<ScriptReply> {
    const keyList = [
      keys.epoch(),
      keys.groundItemKeyBase(),
      ...playerIds.flatMap((id) => playerStateKeys(id)),
      ...mapIds.flatMap((id) => [keys.groundItemsVersion(id), keys.groundItemsOfMap(id)]),
    ];
    const args = [
      playerIds.length, mapIds.length, readInside ? "read" : "check",
      ...players.map((p) => (p ? String(p.version) : "")),
      ...maps.map((m) => String(m.version)),
    ];
    return (await this.scripts.run("snapshotForSync", keyList, args)) as ScriptReply;
  }

  private snapshot(epoch: string | null, players: readonly (PlayerSnapshot | null)[], mapIds: readonly string[], maps: readonly MapRead[]): SyncSnapshot {
    return {
      epoch: epoch === null ? null : Number(epoch),
      players: players.filter((p): p is PlayerSnapshot => p !== null),
      maps: maps.map((m, i) => ({ mapId: mapIds[i]!, version: m.version, items: m.items.filter((g) => g.mapId === mapIds[i]) })),
    };
  }
}
