/**
 * The body of `GET /rules`: the rule numbers of this server that a client needs to pace itself and to
 * show the game (its cooldowns, the respawn delay, the tick, the area of interest, the slot counts), as
 * the server's configuration has them. Every field is a number; fields may be added, never removed.
 */
export interface PublicRules {
  /** The world's tick: NPCs step, swings land and respawns happen on ticks. */
  gameTickMs: number;
  /** Least time between two accepted `move`s of one player. */
  moveCooldownMs: number;
  /** Least time between two accepted commands of one type (other than `move`, `chat` and `eat`). */
  commandCooldownMs: number;
  /** Least time between two accepted `eat`s. */
  eatCooldownMs: number;
  /** Eating delays the next swing by this many ticks. */
  eatSwingDelayTicks: number;
  /** Least time between two accepted `chat`s of one player, all channels together. */
  chatCooldownMs: number;
  /** More messages than this in a second close the connection. */
  maxMessagesPerSecond: number;
  /** From death to respawn (the respawn happens on the first tick after it). */
  respawnDelayMs: number;
  /** How long a dropped client may reconnect. */
  reconnectWindowS: number;
  /** Living players below max HP regain `hpRegenAmount` every `hpRegenIntervalMs`. */
  hpRegenIntervalMs: number;
  hpRegenAmount: number;
  /** Players and NPCs farther than this (Chebyshev) are not in a client's state. */
  areaOfInterestTiles: number;
  inventorySlots: number;
  maxLevel: number;
  maxXp: number;
  /** Multiplies every NPC respawn time. */
  npcRespawnScale: number;
  /** Multiplies every ground item's protection and despawn time. */
  groundItemTimerScale: number;
  /** Slots of a bank ("0".."bankSlots - 1"). */
  bankSlots: number;
  /** A bank is used within this Chebyshev distance of a booth (`GET /maps` lists the booths). */
  bankReachTiles: number;
  /** A shopkeeper trades within this Chebyshev distance. */
  shopReachTiles: number;
  /** Two players trade within this Chebyshev distance. */
  tradeReachTiles: number;
  /** Ticks between two gathering or cooking attempts of one player. */
  gatherAttemptTicks: number;
}
