import type { Valkey } from "iovalkey";
import { keys } from "./keys.js";
import type { PlayerRepository } from "./PlayerRepository.js";

/** The field of the mutes hash that says it holds every active mute of PostgreSQL. */
const LOADED_FIELD = "loaded";
/** The value of a lifted mute: kept (not deleted) so that a rebuild in flight cannot bring the old one back. */
const LIFTED = "0";

/**
 * Chat mutes. PostgreSQL holds them (`players.muted_until`, written at once, like bans); Valkey keeps a
 * copy in one hash (player id -> end in epoch ms) so that checking a player costs one Valkey round trip
 * and no query, from any process. The copy is rebuilt from PostgreSQL whenever it is incomplete (first
 * use, or Valkey lost its data): a rebuild never overwrites an entry written meanwhile by `mute` or
 * `unmute`, which write PostgreSQL first and Valkey second.
 *
 * Two moderators changing one player's mute at the same moment may leave Valkey with the one and
 * PostgreSQL with the other until the next rebuild; either outcome is one of theirs. Ended mutes stay in
 * the hash (one short field per player ever muted) until the next rebuild.
 */
export class MuteStore {
  constructor(
    private readonly valkey: Valkey,
    private readonly accounts: PlayerRepository,
    private readonly now: () => number,
  ) {}

  /**
   * The end of the player's mute (epoch ms), or null when not muted now. One Valkey round trip; after a
   * loss of Valkey's data, the first check of any process also reads the active mutes from PostgreSQL.
   */
  async mutedUntil(playerId: number): Promise<number | null> {
    const [loaded, stored] = await this.valkey.hmget(keys.mutes(), LOADED_FIELD, String(playerId));
    let value = stored;
    if (loaded === null) {
      await this.rebuild();
      [value] = await this.valkey.hmget(keys.mutes(), String(playerId));
    }
    const untilMs = Number(value ?? LIFTED);
    return Number.isFinite(untilMs) && untilMs > this.now() ? untilMs : null;
  }

  /** Mutes the player until `untilMs` (PostgreSQL, then Valkey); false for an unknown player. */
  async mute(playerId: number, untilMs: number): Promise<boolean> {
    if (!(await this.accounts.setMutedUntil(playerId, new Date(untilMs)))) return false;
    await this.valkey.hset(keys.mutes(), String(playerId), String(untilMs));
    return true;
  }

  /** Lifts the player's mute, if any (PostgreSQL, then Valkey); false for an unknown player. */
  async unmute(playerId: number): Promise<boolean> {
    if (!(await this.accounts.setMutedUntil(playerId, null))) return false;
    await this.valkey.hset(keys.mutes(), String(playerId), LIFTED);
    return true;
  }

  /** Copies every active mute of PostgreSQL into Valkey, keeping entries that are already there. */
  private async rebuild(): Promise<void> {
    const active = await this.accounts.activeMutes(this.now());
    const multi = this.valkey.multi();
    for (const { playerId, untilMs } of active) multi.hsetnx(keys.mutes(), String(playerId), String(untilMs));
    multi.hset(keys.mutes(), LOADED_FIELD, "1");
    await multi.exec();
  }
}
