import { bankSyncKeys, decodeBankChanges, type BankChanges, type BankHotState } from "./BankHotState.js";
import { decodeGroundItem } from "./codec.js";
import type { GroundItemHotState, StoredGroundItem } from "./GroundItemHotState.js";
import { DIRTY_TYPES, entityKeyBases, keys, PLAYER_DIRTY_TYPES, playerStateKeys, type DirtyType } from "./keys.js";
import type { PlayerHotState } from "./PlayerHotState.js";
import { decodePlayerSnapshot, pairsToObject, type PlayerSnapshot } from "./PlayerSnapshot.js";
import type { Scripts } from "./scripts.js";
import type { MapGroundItems } from "./SyncWriter.js";
import { HOT_STATE_FORMAT, parseEpochMarker } from "./epochMarker.js";

/** Everything one sync run writes, as it was at one moment, and the Valkey epoch it was read in (null: lost). */
export interface SyncSnapshot {
  epoch: number | null;
  players: PlayerSnapshot[];
  maps: MapGroundItems[];
  /** The changed slots of the banks asked for, at the same moment as the players. */
  banks: BankChanges[];
  /** The members of each dirty set the run saves: what it drained and what was not saved at that moment. */
  dirty: Record<DirtyType, ReadonlySet<string>>;
}

/** A sync run as the reader sees it: its token, and what it drained. */
export interface SyncRun {
  token: string;
  drained: Record<DirtyType, readonly string[]>;
}

/** Rounds of "read what changed again, check again" before the changed ones are read inside the check. */
const ROUNDS = 4;
/** Fewer changed entries than this are read inside the atomic check at once (it holds Valkey up meanwhile). */
const READ_INSIDE_BELOW = 200;

type MapRead = { version: number; items: StoredGroundItem[] };
type ScriptReply = [string | null, unknown[], unknown[], unknown[], string[][], unknown[], unknown[], unknown[]];

/** The ids a run reads, and what it read of each (by index). */
interface Reading {
  playerIds: number[];
  players: (PlayerSnapshot | null)[];
  mapIds: string[];
  maps: MapRead[];
  bankIds: number[];
  banks: (BankChanges | null)[];
}

/**
 * Reads players and maps for a sync as one moment of the world, without holding Valkey up for long: it
 * reads everything with ordinary pipelined reads (each player and map together with its version), then a
 * script checks every version at once (one HGET or GET each, see snapshotForSync.lua) and the entries that
 * changed meanwhile are read again, until none did. When few changed (or after `ROUNDS`), the script reads
 * them itself, so the result is always what Valkey held at the moment of the last check. Banks are read the
 * same way (their changed slots, with the player's version, which every bank change bumps). Players and banks
 * that are not loaded are left out.
 *
 * What the run saves is fixed at that moment too: each check also takes what turned dirty since the drain
 * (into the run's inflight sets) and what other runs still hold unsaved, and those are read as well. A change
 * made after the drain touches what the run holds and, often, what it did not drain (the ground under a
 * pickup): saving one side alone would leave PostgreSQL with the item twice (or never) if Valkey lost its
 * data before the next run saved the other side.
 */
export class SyncSnapshotReader {
  constructor(
    private readonly scripts: Scripts,
    private readonly players: PlayerHotState,
    private readonly ground: GroundItemHotState,
    private readonly banks: BankHotState,
  ) {}

  async read(run: SyncRun): Promise<SyncSnapshot> {
    const r: Reading = { playerIds: [], players: [], mapIds: [], maps: [], bankIds: [], banks: [] };
    let changed = await this.readNew(r, run.drained);
    for (let round = 0; ; round++) {
      const inside = round >= ROUNDS || changed < READ_INSIDE_BELOW;
      const reply = await this.check(run.token, r, inside);
      const [epoch, changedPlayers, changedMaps, changedBanks, toSave] = reply;
      const dirty = {} as Record<DirtyType, Set<string>>;
      DIRTY_TYPES.forEach((type, i) => (dirty[type] = new Set(toSave[i] ?? [])));
      if (inside) {
        for (const [index, ...hashes] of changedPlayers as [number, ...unknown[]][]) r.players[index - 1] = decodePlayer(r.playerIds[index - 1]!, hashes);
        for (const [index, version, hashes] of changedMaps as [number, string, unknown[]][]) r.maps[index - 1] = decodeMap(version, hashes);
        for (const [index, version, flat] of changedBanks as [number, string | null, (string | null)[]][]) {
          r.banks[index - 1] = decodeBankChanges(r.bankIds[index - 1]!, version, flat);
        }
        const [, , , , , newPlayers, newMaps, newBanks] = reply;
        for (const [id, ...hashes] of newPlayers as [string, ...unknown[]][]) add(r.playerIds, r.players, Number(id), decodePlayer(Number(id), hashes));
        for (const [id, version, hashes] of newMaps as [string, string, unknown[]][]) add(r.mapIds, r.maps, id, decodeMap(version, hashes));
        for (const [id, version, flat] of newBanks as [string, string | null, (string | null)[]][]) {
          add(r.bankIds, r.banks, Number(id), decodeBankChanges(Number(id), version, flat));
        }
        return this.snapshot(epoch, r, dirty);
      }
      const added = await this.readNew(r, dirty);
      if (changedPlayers.length === 0 && changedMaps.length === 0 && changedBanks.length === 0 && added === 0) {
        return this.snapshot(epoch, r, dirty);
      }
      const rereadBanks = changedBanks as number[];
      const rereading = this.banks.readChanges(rereadBanks.map((index) => r.bankIds[index - 1]!));
      await Promise.all([
        ...(changedPlayers as number[]).map(async (index) => (r.players[index - 1] = await this.players.read(r.playerIds[index - 1]!))),
        ...(changedMaps as number[]).map(async (index) => (r.maps[index - 1] = await this.ground.listMap(r.mapIds[index - 1]!))),
      ]);
      (await rereading).forEach((bank, i) => (r.banks[rereadBanks[i]! - 1] = bank));
      changed = changedPlayers.length + changedMaps.length + changedBanks.length + added;
    }
  }

  /** Reads (with ordinary reads) the entities of `dirty` that `r` has not read yet; returns how many. */
  private async readNew(r: Reading, dirty: Record<DirtyType, Iterable<string>>): Promise<number> {
    const playerIds = new Set<number>();
    for (const type of PLAYER_DIRTY_TYPES) for (const id of dirty[type]) playerIds.add(Number(id));
    const unread = <K>(ids: Iterable<K>, read: readonly K[]) => {
      const known = new Set(read);
      return [...new Set(ids)].filter((id) => !known.has(id));
    };
    const players = unread(playerIds, r.playerIds);
    const maps = unread(dirty.ground_items, r.mapIds);
    const banks = unread([...dirty.bank].map(Number), r.bankIds);
    const [playersRead, mapsRead, banksRead] = await Promise.all([
      Promise.all(players.map((id) => this.players.read(id))),
      Promise.all(maps.map((id) => this.ground.listMap(id))),
      this.banks.readChanges(banks),
    ]);
    players.forEach((id, i) => add(r.playerIds, r.players, id, playersRead[i]!));
    maps.forEach((id, i) => add(r.mapIds, r.maps, id, mapsRead[i]!));
    banks.forEach((id, i) => add(r.bankIds, r.banks, id, banksRead[i]!));
    return players.length + maps.length + banks.length;
  }

  private async check(token: string, r: Reading, readInside: boolean): Promise<ScriptReply> {
    const keyList = [
      keys.epoch(),
      keys.groundItemKeyBase(),
      keys.inflightRuns(),
      keys.inflightKeyBase(),
      ...DIRTY_TYPES.map((t) => keys.dirty(t)),
      ...entityKeyBases(),
      ...r.playerIds.flatMap((id) => playerStateKeys(id)),
      ...r.mapIds.flatMap((id) => [keys.groundItemsVersion(id), keys.groundItemsOfMap(id)]),
      ...r.bankIds.flatMap((id) => bankSyncKeys(id)),
    ];
    const run = { t: token, c: DIRTY_TYPES, pc: PLAYER_DIRTY_TYPES.length, p: r.playerIds, m: r.mapIds, b: r.bankIds };
    const args = [
      r.playerIds.length, r.mapIds.length, readInside ? "read" : "check", JSON.stringify(run),
      ...r.players.map((p) => (p ? String(p.version) : "")),
      ...r.maps.map((m) => String(m.version)),
      ...r.banks.map((b) => (b ? String(b.version) : "")),
    ];
    return (await this.scripts.run("snapshotForSync", keyList, args)) as ScriptReply;
  }

  private snapshot(epoch: string | null, r: Reading, dirty: SyncSnapshot["dirty"]): SyncSnapshot {
    return {
      epoch: epochOf(epoch),
      players: r.players.filter((p): p is PlayerSnapshot => p !== null),
      banks: r.banks.filter((b): b is BankChanges => b !== null),
      maps: r.maps.map((m, i) => ({ mapId: r.mapIds[i]!, version: m.version, items: m.items.filter((g) => g.mapId === r.mapIds[i]) })),
      dirty,
    };
  }
}

/** The epoch of a marker read in this server's format; null when it is missing (lost) or of another format. */
function epochOf(marker: string | null): number | null {
  const parsed = marker === null ? null : parseEpochMarker(marker);
  return parsed?.format === HOT_STATE_FORMAT ? parsed.epoch : null;
}

function add<K, V>(ids: K[], values: V[], id: K, value: V): void {
  ids.push(id);
  values.push(value);
}

function decodePlayer(playerId: number, hashes: unknown[]): PlayerSnapshot | null {
  const [p, i, e, s] = hashes.map(pairsToObject);
  return decodePlayerSnapshot(playerId, p!, i!, e!, s!);
}

function decodeMap(version: string, hashes: unknown[]): MapRead {
  const items = hashes.map((h) => decodeGroundItem(pairsToObject(h))).filter((g): g is StoredGroundItem => g !== null);
  return { version: Number(version), items };
}
