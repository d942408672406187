/**
 * Every Valkey key the server uses, built in one place. Player keys use the integer player id.
 * The client's `keyPrefix` (tests give each suite its own) is applied by iovalkey, so every key a Lua
 * script touches is passed to it in KEYS, never built inside the script (one exception: `groundItemKeyBase`).
 */
export const PLAYER_DIRTY_TYPES = ["position", "inventory", "equipment", "skills", "bank"] as const;
export type PlayerDirtyType = (typeof PLAYER_DIRTY_TYPES)[number];
/** Every dirty set, the player categories first (a sync run's drain relies on that order). */
export const DIRTY_TYPES = [...PLAYER_DIRTY_TYPES, "ground_items"] as const;
export type DirtyType = (typeof DIRTY_TYPES)[number];

export const keys = {
  player: (playerId: number) => `player:${playerId}`,
  inventory: (playerId: number) => `inventory:${playerId}`,
  equipment: (playerId: number) => `equipment:${playerId}`,
  skills: (playerId: number) => `skills:${playerId}`,
  /** Hash bank slot -> stack of a loaded player. */
  bank: (playerId: number) => `bank:${playerId}`,
  /**
   * Sorted set of the bank slots changed since the last save, scored by the player version of their last
   * change: a sync writes only these slots and then drops those at or below the version it saved (BankHotState).
   */
  bankChanges: (playerId: number) => `bank_changes:${playerId}`,
  /** Hash of one shop's stock for the whole world: item id -> stock, `updated_at`, `version` (ShopHotState). */
  shop: (shopId: string) => `shop:${shopId}`,
  groundItem: (groundItemId: number) => `ground_item:${groundItemId}`,
  /**
   * `groundItem` without the id, handed to the scripts that build item keys (this plus an id) because the
   * ids are only known inside them: snapshotForSync.lua (a changing map's items read at one moment),
   * removeExpiredGroundItems.lua (the items due) and commit.lua (an item under an id it allocates).
   */
  groundItemKeyBase: () => "ground_item:",
  /**
   * Sorted set of a map's ground item ids scored by their despawn time (epoch ms): the clock reads only the
   * ones due (`removeExpiredGroundItems.lua`), never the whole map.
   */
  groundItemsOfMap: (mapId: string) => `ground_items:by_despawn:${mapId}`,
  /** Bumped by every change to a map's ground items; fences that map's syncs to PostgreSQL. */
  groundItemsVersion: (mapId: string) => `ground_items:version:${mapId}`,
  /** Maps whose ground items have been loaded from PostgreSQL into Valkey. */
  groundItemsLoadedMaps: () => "ground_items:loaded_maps",
  groundItemsNextId: () => "ground_items:next_id",
  dirty: (type: DirtyType) => `dirty:${type}`,
  /**
   * `inflight` up to the token, handed to snapshotForSync.lua, which reads every running sync's inflight sets
   * (the tokens are only known inside it) and moves the dirty sets into its own run's.
   */
  inflightKeyBase: () => "sync:inflight:",
  /** Ids drained by the sync run `token` and not yet written; put back if that run fails or dies. */
  inflight: (token: string, type: DirtyType) => `sync:inflight:${token}:${type}`,
  /** Sorted set of running sync tokens, scored by their start time in ms. */
  inflightRuns: () => "sync:inflight_runs",
  /** Hash player id -> username of every online player, in any process. */
  onlinePlayers: () => "online:players",
  /** Hash lower-case username -> player id of every online player. */
  onlineUsernames: () => "online:usernames",
  /** The live session of a player: hash id, owner, token; a lease with a TTL. */
  session: (playerId: number) => `session:${playerId}`,
  /**
   * JSON `{belowVersion, code, message}`: the account's tokens below that version were just revoked (a
   * ban, a password change, a deletion); a join that read the account before that refuses itself. Expires.
   */
  revokedTokens: (playerId: number) => `revoked_tokens:${playerId}`,
  /** Set when a session has saved and ended. */
  sessionEnded: (sessionId: string) => `session_ended:${sessionId}`,
  /**
   * The last session fencing token handed out (one key for every player). Tokens never go backwards: each
   * is above the last one and above Valkey's clock in microseconds, so they keep growing after a data loss.
   */
  sessionFence: () => "session_fence",
  /**
   * The epoch of this Valkey data set (PostgreSQL's `hot_state_epoch` holds the same number). Written at
   * start-up and never deleted: when it is missing, Valkey has lost its data.
   */
  epoch: () => "state:epoch",
  /**
   * The empty key: the client's prefix turns it into the prefix of the whole data set, which
   * clearDataSet.lua empties when it holds an older format (see HotStateEpoch).
   */
  dataSet: () => "",
  /** Hash player id -> end of the chat mute in epoch ms (a copy of PostgreSQL's; see MuteStore). */
  mutes: () => "mutes",
  /**
   * Counted attempts of one throttle subject within its window: failed logins (`user:`, `pair:`,
   * `addr:`), failed monitor logins (`monitor:`) and registrations (`register:`).
   */
  authFailures: (subject: string) => `auth_failures:${subject}`,
  /** The lease of a map's one room in the whole cluster: the room id, renewed by the room's process. */
  mapRoom: (mapId: string) => `map_room:${mapId}`,
};

/**
 * The keys of one player, map and bank without the id, in the order snapshotForSync.lua takes them: it reads
 * the entities that turn dirty while a sync run reads, whose ids are only known inside it.
 */
export function entityKeyBases(): string[] {
  // Each key function called with an empty id: the one format of each key stays in `keys`.
  const noId = "" as unknown as number;
  return [
    ...playerKeys(noId),
    keys.groundItemsVersion(""),
    keys.groundItemsOfMap(""),
  ];
}

/** The four hashes that hold one online player's state, in the order scripts receive them. */
export function playerStateKeys(playerId: number): [string, string, string, string] {
  return [keys.player(playerId), keys.inventory(playerId), keys.equipment(playerId), keys.skills(playerId)];
}

/** Every key of one loaded player: the four state hashes, then its bank and the bank's unsaved changes. */
export function playerKeys(playerId: number): [string, string, string, string, string, string] {
  return [...playerStateKeys(playerId), keys.bank(playerId), keys.bankChanges(playerId)];
}

export function dirtyKeys(): string[] {
  return DIRTY_TYPES.map((t) => keys.dirty(t));
}
