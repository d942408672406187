import { bankSyncKeys, decodeBankChanges, type BankChanges, type BankHotState } from "./BankHotState.js";
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
  /** The changed slots of the banks asked for, at the same moment as the players. */
  banks: BankChanges[];
}

/** Rounds of "read what changed again, check again" before the changed ones are read inside the check. */
const ROUNDS = 4;
/** Fewer changed entries than this are read inside the atomic check at once (it holds Valkey up meanwhile). */
const READ_INSIDE_BELOW = 200;

type MapRead = { version: number; items: StoredGroundItem[] };
type ScriptReply = [string | null, unknown[], unknown[], unknown[]];

/**
 * Reads players and maps for a sync as one moment of the world, without holding Valkey up for long: it
 * reads everything with ordinary pipelined reads (each player and map together with its version), then a
 * script checks every version at once (one HGET or GET each, see snapshotForSync.lua) and the entries that
 * changed meanwhile are read again, until none did. When few changed (or after `ROUNDS`), the script reads
 * them itself, so the result is always what Valkey held at the moment of the last check. Banks are read the
 * same way (their changed slots, with the player's version, which every bank change bumps). Players and banks
 * that are not loaded are left out.
 */
export class SyncSnapshotReader {
  constructor(
    private readonly scripts: Scripts,
    private readonly players: PlayerHotState,
    private readonly ground: GroundItemHotState,
    private readonly banks: BankHotState,
  ) {}

  /**
   * `bankIds`: the players whose bank changes to read (each one of `playerIds`). `positionOnly`: players of
   * whom the caller writes the position alone (they only moved): only their player hash is read (their
   * snapshot's inventory, equipment and skills are empty and must not be written; the versions, and so the
   * one moment, are the same as for a whole read).
   */
  async read(playerIds: readonly number[], mapIds: readonly string[], bankIds: readonly number[] = [], positionOnly: ReadonlySet<number> = new Set()): Promise<SyncSnapshot> {
    const readPlayers = async (ids: readonly number[]) => {
      const partial = ids.filter((id) => positionOnly.has(id));
      const [positions, whole] = await Promise.all([
        this.players.readPositionsOnly(partial),
        Promise.all(ids.filter((id) => !positionOnly.has(id)).map((id) => this.players.read(id))),
      ]);
      const byId = new Map<number, PlayerSnapshot | null>();
      partial.forEach((id, i) => byId.set(id, positions[i]!));
      ids.filter((id) => !positionOnly.has(id)).forEach((id, i) => byId.set(id, whole[i]!));
      return ids.map((id) => byId.get(id) ?? null);
    };
    const players = await readPlayers(playerIds);
    const maps: MapRead[] = await Promise.all(mapIds.map((id) => this.ground.listMap(id)));
    const banks = await this.banks.readChanges(bankIds);
    let changed = playerIds.length + mapIds.length + bankIds.length;
    for (let round = 0; ; round++) {
      const inside = round === ROUNDS || changed < READ_INSIDE_BELOW;
      const [epoch, changedPlayers, changedMaps, changedBanks] = await this.check(playerIds, players, mapIds, maps, bankIds, banks, inside);
      if (inside) {
        for (const [index, ...hashes] of changedPlayers as [number, ...unknown[]][]) {
          const [p, i, e, s] = hashes.map(pairsToObject);
          players[index - 1] = decodePlayerSnapshot(playerIds[index - 1]!, p!, i!, e!, s!);
        }
        for (const [index, version, hashes] of changedMaps as [number, string, unknown[]][]) {
          const items = hashes.map((h) => decodeGroundItem(pairsToObject(h))).filter((g): g is StoredGroundItem => g !== null);
          maps[index - 1] = { version: Number(version), items };
        }
        for (const [index, version, flat] of changedBanks as [number, string | null, (string | null)[]][]) {
          banks[index - 1] = decodeBankChanges(bankIds[index - 1]!, version, flat);
        }
        return this.snapshot(epoch, players, mapIds, maps, banks);
      }
      if (changedPlayers.length === 0 && changedMaps.length === 0 && changedBanks.length === 0) {
        return this.snapshot(epoch, players, mapIds, maps, banks);
      }
      const rereadBanks = changedBanks as number[];
      const rereading = this.banks.readChanges(rereadBanks.map((index) => bankIds[index - 1]!));
      const rereadPlayers = changedPlayers as number[];
      await Promise.all([
        readPlayers(rereadPlayers.map((index) => playerIds[index - 1]!)).then((read) => read.forEach((p, i) => (players[rereadPlayers[i]! - 1] = p))),
        ...(changedMaps as number[]).map(async (index) => (maps[index - 1] = await this.ground.listMap(mapIds[index - 1]!))),
      ]);
      (await rereading).forEach((bank, i) => (banks[rereadBanks[i]! - 1] = bank));
      changed = changedPlayers.length + changedMaps.length + changedBanks.length;
    }
  }

  private async check(
    playerIds: readonly number[],
    players: readonly (PlayerSnapshot | null)[],
    mapIds: readonly string[],
    maps: readonly MapRead[],
    bankIds: readonly number[],
    banks: readonly (BankChanges | null)[],
    readInside: boolean,
  ): Promise<ScriptReply> {
    const keyList = [
      keys.epoch(),
      keys.groundItemKeyBase(),
      ...playerIds.flatMap((id) => playerStateKeys(id)),
      ...mapIds.flatMap((id) => [keys.groundItemsVersion(id), keys.groundItemsOfMap(id)]),
      ...bankIds.flatMap((id) => bankSyncKeys(id)),
    ];
    const args = [
      playerIds.length, mapIds.length, readInside ? "read" : "check",
      ...players.map((p) => (p ? String(p.version) : "")),
      ...maps.map((m) => String(m.version)),
      ...banks.map((b) => (b ? String(b.version) : "")),
    ];
    return (await this.scripts.run("snapshotForSync", keyList, args)) as ScriptReply;
  }

  private snapshot(
    epoch: string | null,
    players: readonly (PlayerSnapshot | null)[],
    mapIds: readonly string[],
    maps: readonly MapRead[],
    banks: readonly (BankChanges | null)[],
  ): SyncSnapshot {
    return {
      epoch: epoch === null ? null : Number(epoch),
      players: players.filter((p): p is PlayerSnapshot => p !== null),
      banks: banks.filter((b): b is BankChanges => b !== null),
      maps: maps.map((m, i) => ({ mapId: mapIds[i]!, version: m.version, items: m.items.filter((g) => g.mapId === mapIds[i]) })),
    };
  }
}
