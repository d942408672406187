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
  /**
   * The players read from their player hash alone (empty inventory, equipment and skills): dirty, at the
   * run's moment, in none of `WHOLE_READ_TYPES`, so only their position is saved.
   */
  positionOnly: ReadonlySet<number>;
}

/** The dirty types whose rows live outside the player hash: a player the run saves in one of them is read whole. */
const WHOLE_READ_TYPES = ["inventory", "equipment", "skills"] as const satisfies readonly DirtyType[];

/** The ids of the players dirty in one of `WHOLE_READ_TYPES`. */
function readWhole(dirty: Record<DirtyType, Iterable<string>>): Set<number> {
  const ids = new Set<number>();
  for (const type of WHOLE_READ_TYPES) for (const id of dirty[type]) ids.add(Number(id));
  return ids;
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
  /** Per player: read whole (false: its player hash alone, as for one who only moved). */
  whole: boolean[];
  mapIds: string[];
  maps: MapRead[];
  bankIds: number[];
  banks: (BankChanges | null)[];
}

/**
 * Reads players and maps for a sync as one moment of the world, without holding Valkey up for long: it
 * reads everything with short reads (players a few hundred per script, see `PlayerHotState.readForSync`; each
 * player and map together with its version), then a
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
 *
 * A player dirty in none of `WHOLE_READ_TYPES` (most of them: they only moved) is read from its player hash
 * alone. Which players the run saves whole is only known at a check, so every check is also a check of that:
 * a position-only player the run now saves an item category of (it changed an item since it was read, even
 * before the version was read, or another run holds it unsaved) is read again whole and checked again, like
 * a changed one; in the last round the script reads it whole itself. So no position-only read is ever saved
 * as a player's items, and the one moment holds.
 */
export class SyncSnapshotReader {
  constructor(
    private readonly scripts: Scripts,
    private readonly players: PlayerHotState,
    private readonly ground: GroundItemHotState,
    private readonly banks: BankHotState,
  ) {}

  /**
   * `onRead`, when given, is told the players of the run's first read as each chunk of them is decoded, in
   * ascending id order (`SyncWriteSession.early`): provisional, since the check may find them changed.
   */
  async read(run: SyncRun, onRead?: (players: readonly PlayerSnapshot[]) => void): Promise<SyncSnapshot> {
    const r: Reading = { playerIds: [], players: [], whole: [], mapIds: [], maps: [], bankIds: [], banks: [] };
    let changed = await this.readNew(r, run.drained, onRead);
    for (let round = 0; ; round++) {
      const inside = round >= ROUNDS || changed < READ_INSIDE_BELOW;
      const reply = await this.check(run.token, r, inside);
      const [epoch, changedPlayers, changedMaps, changedBanks, toSave] = reply;
      const dirty = {} as Record<DirtyType, Set<string>>;
      DIRTY_TYPES.forEach((type, i) => (dirty[type] = new Set(toSave[i] ?? [])));
      if (inside) {
        // Changed players, and position-only ones the run now saves whole, come back read whole.
        for (const [index, ...hashes] of changedPlayers as [number, ...unknown[]][]) {
          r.players[index - 1] = decodePlayer(r.playerIds[index - 1]!, hashes);
          r.whole[index - 1] = true;
        }
        for (const [index, version, hashes] of changedMaps as [number, string, unknown[]][]) r.maps[index - 1] = decodeMap(version, hashes);
        for (const [index, version, flat] of changedBanks as [number, string | null, (string | null)[]][]) {
          r.banks[index - 1] = decodeBankChanges(r.bankIds[index - 1]!, version, flat);
        }
        const [, , , , , newPlayers, newMaps, newBanks] = reply;
        for (const [id, ...hashes] of newPlayers as [string, ...unknown[]][]) {
          add(r.playerIds, r.players, Number(id), decodePlayer(Number(id), hashes));
          r.whole.push(true);
        }
        for (const [id, version, hashes] of newMaps as [string, string, unknown[]][]) add(r.mapIds, r.maps, id, decodeMap(version, hashes));
        for (const [id, version, flat] of newBanks as [string, string | null, (string | null)[]][]) {
          add(r.bankIds, r.banks, Number(id), decodeBankChanges(Number(id), version, flat));
        }
        return this.snapshot(epoch, r, dirty);
      }
      // A player read position-only whom the run now saves whole (it changed an item since it was read, or
      // another run holds it dirty in an item category) is read again, whole, and checked again.
      const wanted = readWhole(dirty);
      const upgraded = r.playerIds.flatMap((id, i) => (!r.whole[i] && wanted.has(id) ? [i + 1] : []));
      const added = await this.readNew(r, dirty);
      const rereadPlayers = [...new Set([...(changedPlayers as number[]), ...upgraded])];
      if (rereadPlayers.length === 0 && changedMaps.length === 0 && changedBanks.length === 0 && added === 0) {
        return this.snapshot(epoch, r, dirty);
      }
      for (const index of rereadPlayers) r.whole[index - 1] ||= wanted.has(r.playerIds[index - 1]!);
      const rereadBanks = changedBanks as number[];
      const rereading = this.banks.readChanges(rereadBanks.map((index) => r.bankIds[index - 1]!));
      const [players] = await Promise.all([
        this.players.readForSync(rereadPlayers.map((index) => r.playerIds[index - 1]!), (_, n) => !r.whole[rereadPlayers[n]! - 1]),
        ...(changedMaps as number[]).map(async (index) => (r.maps[index - 1] = await this.ground.listMap(r.mapIds[index - 1]!))),
      ]);
      players.forEach((p, n) => (r.players[rereadPlayers[n]! - 1] = p));
      (await rereading).forEach((bank, i) => (r.banks[rereadBanks[i]! - 1] = bank));
      changed = rereadPlayers.length + changedMaps.length + changedBanks.length + added;
    }
  }

  /**
   * Reads (with ordinary reads) the entities of `dirty` that `r` has not read yet; returns how many. A player
   * dirty in no category outside its player hash (one who only moved) is read from that hash alone. Players
   * are read in ascending id order (the order an overlapped write locks them in, `SyncWriteSession`).
   */
  private async readNew(r: Reading, dirty: Record<DirtyType, Iterable<string>>, onRead?: (players: readonly PlayerSnapshot[]) => void): Promise<number> {
    const playerIds = new Set<number>();
    for (const type of PLAYER_DIRTY_TYPES) for (const id of dirty[type]) playerIds.add(Number(id));
    const unread = <K>(ids: Iterable<K>, read: readonly K[]) => {
      const known = new Set(read);
      return [...new Set(ids)].filter((id) => !known.has(id));
    };
    const players = unread(playerIds, r.playerIds).sort((a, b) => a - b);
    const maps = unread(dirty.ground_items, r.mapIds);
    const banks = unread([...dirty.bank].map(Number), r.bankIds);
    const wanted = readWhole(dirty);
    const [playersRead, mapsRead, banksRead] = await Promise.all([
      this.players.readForSync(players, (id) => !wanted.has(id),
        onRead && ((chunk) => onRead(chunk.filter((p): p is PlayerSnapshot => p !== null)))),
      Promise.all(maps.map((id) => this.ground.listMap(id))),
      this.banks.readChanges(banks),
    ]);
    players.forEach((id, i) => {
      add(r.playerIds, r.players, id, playersRead[i]!);
      r.whole.push(wanted.has(id));
    });
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
    const run = {
      t: token, c: DIRTY_TYPES, pc: PLAYER_DIRTY_TYPES.length, p: r.playerIds, m: r.mapIds, b: r.bankIds,
      // Read mode reads whole, in the check, the position-only players the run saves an item category of.
      q: readInside ? r.playerIds.flatMap((_, i) => (r.whole[i] ? [] : [i + 1])) : [],
      f: WHOLE_READ_TYPES.map((type) => DIRTY_TYPES.indexOf(type) + 1),
    };
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
      positionOnly: new Set(r.playerIds.filter((_, i) => !r.whole[i] && r.players[i] !== null)),
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
