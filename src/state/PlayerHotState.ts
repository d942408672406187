import type { Valkey } from "iovalkey";
import { encodeSkill, encodeStack } from "./codec.js";
import { keys, PLAYER_DIRTY_TYPES, playerKeys, playerStateKeys } from "./keys.js";
import { decodePlayerSnapshot, pairsToObject, type PlayerSnapshot } from "./PlayerSnapshot.js";
import type { Scripts } from "./scripts.js";
import { ROLES, type Bank, type PlayerState, type Position, type Role } from "./types.js";
import { epochMarker } from "./epochMarker.js";

/** Players per script of a sync's read: short enough not to hold Valkey up (a few ms each), long enough to amortise a command. */
const SYNC_READ_CHUNK = 200;
/**
 * Chunk scripts of a sync's read in flight at once when the caller uses each chunk as it arrives: Valkey
 * sends the replies of scripts queued together together, so a few at a time keep it busy while the replies
 * come back one by one, and what the caller starts on another connection goes on between them.
 */
const SYNC_READ_WINDOW = 2;

const playerDirtyKeys = () => PLAYER_DIRTY_TYPES.map((t) => keys.dirty(t));

/**
 * Valkey side of online players: the registry (shared by every process), the four state hashes, and the
 * loading and unloading of the bank with them (BankHotState reads and syncs it).
 * "Not loaded" (no player hash) and "empty" (a loaded player with an empty inventory) are distinct:
 * every read returns null for the former.
 */
export class PlayerHotState {
  constructor(
    private readonly valkey: Valkey,
    private readonly scripts: Scripts,
  ) {}

  /** One round trip: the position of a loaded player, or null when not loaded. */
  async position(playerId: number): Promise<Position | null> {
    const [mapId, x, y] = await this.valkey.hmget(keys.player(playerId), "map_id", "x", "y");
    return mapId && x && y ? { mapId, x: Number(x), y: Number(y) } : null;
  }

  /** One command (auto-pipelined with others): whether the player is loaded, as `read` would find it. */
  async isLoaded(playerId: number): Promise<boolean> {
    return (await this.valkey.hexists(keys.player(playerId), "version")) === 1;
  }

  /** One round trip (MULTI): the player's whole state and version, or null when not loaded. */
  async read(playerId: number): Promise<PlayerSnapshot | null> {
    const [p, i, e, s] = playerStateKeys(playerId);
    const replies = await this.valkey.multi().hgetall(p).hgetall(i).hgetall(e).hgetall(s).exec();
    if (!replies) return null;
    const [player, inventory, equipment, skills] = replies.map(([err, value]) => {
      if (err) throw err;
      return value as Record<string, string>;
    });
    return decodePlayerSnapshot(playerId, player!, inventory!, equipment!, skills!);
  }

  /**
   * Many players for a sync, in scripts of `SYNC_READ_CHUNK` players each, all sent at once, or with
   * `onChunk` `SYNC_READ_WINDOW` at a time (readPlayersForSync.lua): each player's hash and, unless
   * `positionOnly(id)`, its inventory, equipment and skills; a position-only player comes back with them
   * empty. Null for a player who is not loaded. Each script reads its players at one moment, but the chunks
   * are not read at ONE moment: the caller must check the version read (every change to any of the four
   * hashes bumps it, in the same atomic step) at an atomic check after the read, as `SyncSnapshotReader` does. `onChunk` is given each chunk's players as it is
   * decoded, in order.
   */
  async readForSync(playerIds: readonly number[], positionOnly: (playerId: number, index: number) => boolean,
    onChunk?: (players: readonly (PlayerSnapshot | null)[]) => void): Promise<(PlayerSnapshot | null)[]> {
    const chunks: { ids: number[]; flags: string[] }[] = [];
    for (let from = 0; from < playerIds.length; from += SYNC_READ_CHUNK) {
      const ids = playerIds.slice(from, from + SYNC_READ_CHUNK);
      chunks.push({ ids, flags: ids.map((id, n) => (positionOnly(id, from + n) ? "0" : "1")) });
    }
    const replies: Promise<unknown>[] = [];
    const send = (k: number) => {
      if (k >= chunks.length) return;
      replies[k] = this.scripts.run("readPlayersForSync", chunks[k]!.ids.flatMap((id) => playerStateKeys(id)), chunks[k]!.flags);
      // A reply still in flight when an earlier one fails is dropped with the read, not left unhandled.
      replies[k].catch(() => undefined);
    };
    // Without `onChunk` nothing waits for the early chunks: every script is sent at once.
    const window = onChunk ? SYNC_READ_WINDOW : chunks.length;
    for (let k = 0; k < window; k++) send(k);
    const players: (PlayerSnapshot | null)[] = [];
    for (const [k, { ids }] of chunks.entries()) {
      send(k + window);
      const jsons = (await replies[k]) as string[];
      const chunk = jsons.map((json, n) => {
        const [player, inventory, equipment, skills] = (JSON.parse(json) as unknown[]).map(pairsToObject);
        return decodePlayerSnapshot(ids[n]!, player ?? {}, inventory ?? {}, equipment ?? {}, skills ?? {});
      });
      onChunk?.(chunk);
      players.push(...chunk);
    }
    return players;
  }

  /**
   * Writes state and bank loaded from PostgreSQL (in Valkey epoch `epoch`) unless Valkey already holds the
   * player (its copy is then the newer one) and registers the player online. "lost": Valkey's epoch changed
   * since the state was read, nothing written (read it again after the loss is handled).
   */
  async load(state: PlayerState, version: number, epoch: number, bank: Bank = new Map()): Promise<"loaded" | "kept" | "lost"> {
    const flatten = <K, V>(m: Map<K, V>, enc: (v: V) => string) => [...m].flatMap(([k, v]) => [String(k), enc(v)]);
    const payload = {
      p: [
        "username", state.username,
        "map_id", state.position.mapId,
        "x", String(state.position.x),
        "y", String(state.position.y),
        "current_hp", String(state.hp.currentHp),
        "max_hp", String(state.hp.maxHp),
        "respawn_at", "",
        "combat_style", state.combatStyle,
        "version", String(version),
      ],
      i: flatten(state.inventory, encodeStack),
      e: flatten(state.equipment, encodeStack),
      s: flatten(state.skills, encodeSkill),
      b: flatten(bank, encodeStack),
    };
    const written = await this.scripts.run(
      "loadPlayer",
      [...playerKeys(state.playerId), keys.onlinePlayers(), keys.onlineUsernames(), keys.epoch()],
      [state.playerId, state.username.toLowerCase(), JSON.stringify(payload), epochMarker(epoch)],
    );
    return written === 1 ? "loaded" : written === 0 ? "kept" : "lost";
  }

  /**
   * Deletes the hot state if nothing changed since the last save and, given a session, if no other
   * session has taken the player over. "dirty": unsaved changes remain; "taken": another session owns it.
   */
  async cleanup(playerId: number, sessionId = ""): Promise<"cleaned" | "dirty" | "taken"> {
    const result = await this.scripts.run(
      "cleanupPlayer",
      [...playerKeys(playerId), keys.onlinePlayers(), keys.onlineUsernames(), keys.session(playerId), ...playerDirtyKeys()],
      [playerId, sessionId],
    );
    return result === 1 ? "cleaned" : result === 2 ? "taken" : "dirty";
  }

  /** Deletes everything of a player without saving (account deletion). */
  async purge(playerId: number, username: string): Promise<void> {
    const multi = this.valkey.multi().del(...playerKeys(playerId)).hdel(keys.onlinePlayers(), String(playerId));
    multi.hdel(keys.onlineUsernames(), username.toLowerCase());
    for (const key of playerDirtyKeys()) multi.srem(key, String(playerId));
    await multi.exec();
  }

  async register(playerId: number, username: string): Promise<void> {
    await this.valkey
      .multi()
      .hset(keys.onlinePlayers(), String(playerId), username.toLowerCase())
      .hset(keys.onlineUsernames(), username.toLowerCase(), String(playerId))
      .exec();
  }

  async unregister(playerId: number): Promise<void> {
    const username = await this.valkey.hget(keys.onlinePlayers(), String(playerId));
    const multi = this.valkey.multi().hdel(keys.onlinePlayers(), String(playerId));
    if (username) multi.hdel(keys.onlineUsernames(), username);
    await multi.exec();
  }

  async isRegistered(playerId: number): Promise<boolean> {
    return (await this.valkey.hexists(keys.onlinePlayers(), String(playerId))) === 1;
  }

  async registeredIds(): Promise<Set<number>> {
    const ids = await this.valkey.hkeys(keys.onlinePlayers());
    return new Set(ids.map(Number));
  }

  /** The username as registered (not lower-cased) of a loaded player; null when not loaded. */
  async usernameOf(playerId: number): Promise<string | null> {
    return this.valkey.hget(keys.player(playerId), "username");
  }

  /** The role field of a loaded player; null when the player is not loaded or has none yet. */
  async role(playerId: number): Promise<Role | null> {
    return toRole(await this.valkey.hget(keys.player(playerId), "role"));
  }

  /**
   * Writes the role of a loaded player: `force` overwrites, otherwise only a missing role is written.
   * Returns the role now stored; null when the player is not loaded (nothing is written).
   */
  async writeRole(playerId: number, role: Role, force: boolean): Promise<Role | null> {
    return toRole(await this.scripts.run("playerRole", [keys.player(playerId)], [force ? "set" : "init", role]));
  }

  async idByUsername(username: string): Promise<number | null> {
    const id = await this.valkey.hget(keys.onlineUsernames(), username.toLowerCase());
    return id === null ? null : Number(id);
  }
}

function toRole(value: unknown): Role | null {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value) ? (value as Role) : null;
}
