import type { GameRules } from "../config/config.js";
import type { GameStateManager } from "../state/GameStateManager.js";
import type { PlayerSnapshot } from "../state/PlayerSnapshot.js";
import type { StateTransaction } from "../state/StateTransaction.js";
import type { Hp, PlayerState, Position } from "../state/types.js";
import { atomically, commitThen, groundItemIdReserve, nothingToWrite, type Planned } from "./atomically.js";
import type { ItemService } from "./ItemService.js";
import { fail, type Fail, type Result } from "./results.js";
import { playerMaxHp } from "./rules/equipmentRules.js";
import { carriedStacks, deathDrops } from "./rules/groundDrops.js";
import { clampHp, isDead, withMaxHp } from "./rules/hpRules.js";
import type { ServiceDeps } from "./ServiceDeps.js";
import { guardedBy, readAlive, readLoaded } from "./stateAccess.js";

export interface HpOutcome {
  hp: Hp;
  /** True when this change killed the player. */
  died: boolean;
  /** The ground items the death left (empty when nobody died). */
  groundItemIds: number[];
}

export type RespawnOutcome =
  | { respawned: true; position: Position; hp: Hp }
  | { respawned: false; respawnAtMs: number | null };

/**
 * Hit points, death and respawn (GAME_RULES "Hit points, death and respawn"). Each change is one atomic
 * commit guarded by the player's version; reaching 0 HP runs the whole death sequence in that same commit.
 * NOT_FOUND for a player who is not loaded; DEAD for changes to a dead player (respawn aside).
 */
export class HpService {
  private readonly gsm: GameStateManager;
  private readonly items: ItemService;
  private readonly rules: GameRules;
  private readonly now: () => number;

  constructor(deps: ServiceDeps) {
    ({ gsm: this.gsm, items: this.items, rules: this.rules } = deps);
    this.now = deps.now ?? deps.gsm.now;
  }

  /**
   * Max HP derived from a state: hitpoints level + equipped health bonuses. Bound, so it can be passed as
   * `gsm.loadPlayerState(id, name, { maxHp: hpService.computeMaxHp })`.
   */
  readonly computeMaxHp = (state: Pick<PlayerState, "skills" | "equipment">): number =>
    playerMaxHp(state, this.items.getById);

  /** Whether the snapshot shows a dead player: a respawn is pending, or HP is 0. */
  isDead(snapshot: Pick<PlayerSnapshot, "hp" | "respawnAtMs">): boolean {
    return isDead(snapshot);
  }

  /**
   * Lowers HP by `amount`, never below 0. At 0 the player dies in the same commit: every inventory and
   * equipment stack becomes a ground item on the death tile protected for the player, both containers are
   * emptied, HP is 0 (max HP recomputed without equipment) and the respawn is due `rules.respawnDelayMs`
   * from now. Fails with INVALID_PAYLOAD (negative or non-integer amount), NOT_FOUND, DEAD.
   */
  dealDamage(playerId: number, amount: number): Promise<Result<HpOutcome>> {
    const invalid = invalidAmount(amount, "damage");
    if (invalid) return Promise.resolve(invalid);
    return this.changeHp(playerId, (hp) => hp.currentHp - amount);
  }

  /** Raises HP by `amount`, never above max. Fails with INVALID_PAYLOAD, NOT_FOUND, DEAD. */
  async heal(playerId: number, amount: number): Promise<Result<Hp>> {
    const invalid = invalidAmount(amount, "heal");
    if (invalid) return invalid;
    return this.hpOnly(this.changeHp(playerId, (hp) => hp.currentHp + amount));
  }

  /**
   * Sets current HP to `hp` clamped to 0..max; 0 runs the death sequence as `dealDamage` does. Fails with
   * INVALID_PAYLOAD (not an integer), NOT_FOUND, DEAD.
   */
  setHp(playerId: number, hp: number): Promise<Result<HpOutcome>> {
    if (!Number.isSafeInteger(hp)) return Promise.resolve(fail("INVALID_PAYLOAD", `hp must be an integer, got ${hp}`));
    return this.changeHp(playerId, () => hp);
  }

  /**
   * Recomputes max HP from the current level and equipment (current HP kept, clamped); works on a dead
   * player too. Returns the HP. Fails with NOT_FOUND.
   */
  refreshMaxHp(playerId: number): Promise<Result<Hp>> {
    return atomically(this.gsm, async () => {
      const read = await readLoaded(this.gsm, playerId, { forUpdate: true });
      if (!read.ok) return read;
      const snapshot = read.data;
      const hp = withMaxHp(snapshot.hp, this.computeMaxHp(snapshot));
      if (sameHp(hp, snapshot.hp)) return nothingToWrite(hp);
      return commitThen(guardedBy(this.gsm, snapshot).setHp(playerId, hp), hp);
    });
  }

  /**
   * One regeneration step: +`rules.hpRegenAmount` (up to max) for a living player below max; the caller
   * calls it every `rules.hpRegenIntervalMs`. Returns the HP. Fails with NOT_FOUND, DEAD.
   */
  regenerate(playerId: number): Promise<Result<Hp>> {
    return this.hpOnly(this.changeHp(playerId, (hp) => Math.min(hp.maxHp, hp.currentHp + this.rules.hpRegenAmount)));
  }

  /**
   * Respawns a dead player whose respawn time has passed (or who was saved dead and has none): position =
   * `spawn`, HP = max, death cleared, in one commit. A living player, or one not yet due, is left as is
   * (`respawned: false`). Fails with NOT_FOUND.
   */
  respawnIfDue(playerId: number, spawn: Position): Promise<Result<RespawnOutcome>> {
    return atomically(this.gsm, async (): Promise<Planned<RespawnOutcome>> => {
      const read = await readLoaded(this.gsm, playerId, { forUpdate: true });
      if (!read.ok) return read;
      const snapshot = read.data;
      if (!isDead(snapshot)) return nothingToWrite({ respawned: false, respawnAtMs: null });
      if (snapshot.respawnAtMs !== null && this.now() < snapshot.respawnAtMs) {
        return nothingToWrite({ respawned: false, respawnAtMs: snapshot.respawnAtMs });
      }
      const maxHp = this.computeMaxHp(snapshot);
      const hp = { currentHp: maxHp, maxHp };
      const position = { ...spawn };
      const tx = guardedBy(this.gsm, snapshot).setPosition(playerId, position).setHp(playerId, hp).setDeath(playerId, null);
      return commitThen(tx, { respawned: true, position, hp });
    });
  }

  private async hpOnly(outcome: Promise<Result<HpOutcome>>): Promise<Result<Hp>> {
    const result = await outcome;
    return result.ok ? { ok: true, data: result.data.hp } : result;
  }

  /** Sets current HP to `target(hp)` clamped to 0..max, dying at 0. */
  private changeHp(playerId: number, target: (hp: Hp) => number): Promise<Result<HpOutcome>> {
    const reserveIds = groundItemIdReserve(this.gsm);
    return atomically(this.gsm, async (): Promise<Planned<HpOutcome>> => {
      const read = await readAlive(this.gsm, playerId);
      if (!read.ok) return read;
      const snapshot = read.data;
      const currentHp = clampHp(target(snapshot.hp), snapshot.hp.maxHp);
      if (currentHp > 0 && currentHp === snapshot.hp.currentHp) return nothingToWrite({ hp: { ...snapshot.hp }, died: false, groundItemIds: [] });
      const ids = await reserveIds(this.idsForHp(snapshot, currentHp));
      const tx = guardedBy(this.gsm, snapshot);
      return commitThen(tx, this.planHp(tx, snapshot, currentHp, ids));
    });
  }

  /**
   * How many ground item ids `planHp` needs to set the player's HP to `currentHp`: one per carried stack
   * when that kills the player, else none. Reserve them (`groundItemIdReserve`) before planning.
   */
  idsForHp(snapshot: PlayerSnapshot, currentHp: number): number {
    return currentHp <= 0 ? carriedStacks(snapshot).length : 0;
  }

  /**
   * Writes into `tx` (guarded by the snapshot's version) the change of the living player's current HP to
   * `currentHp`, clamped to 0..max; at 0 the whole death sequence (GAME_RULES "death"), its ground items
   * under `groundItemIds` (see `idsForHp`). For composing a change with other rules in one commit.
   * @throws RangeError when a death gets fewer ids than carried stacks.
   */
  planHp(tx: StateTransaction, snapshot: PlayerSnapshot, currentHp: number, groundItemIds: readonly number[]): HpOutcome {
    const clamped = clampHp(currentHp, snapshot.hp.maxHp);
    if (clamped > 0) {
      const hp = { currentHp: clamped, maxHp: snapshot.hp.maxHp };
      if (clamped !== snapshot.hp.currentHp) tx.setHp(snapshot.playerId, hp);
      return { hp, died: false, groundItemIds: [] };
    }
    const playerId = snapshot.playerId;
    const nowMs = this.now();
    const drops = deathDrops(snapshot, groundItemIds, {
      nowMs,
      rules: this.rules,
      rarityOf: (itemId) => this.items.getById(itemId)?.rarity ?? "common",
    });
    for (const drop of drops) tx.addGroundItem(drop);
    if (snapshot.inventory.size > 0) tx.clearInventory(playerId);
    if (snapshot.equipment.size > 0) tx.clearEquipment(playerId);
    const hp = { currentHp: 0, maxHp: this.computeMaxHp({ skills: snapshot.skills, equipment: new Map() }) };
    tx.setHp(playerId, hp).setDeath(playerId, nowMs + this.rules.respawnDelayMs);
    return { hp, died: true, groundItemIds: drops.map((d) => d.id) };
  }
}

function sameHp(a: Hp, b: Hp): boolean {
  return a.currentHp === b.currentHp && a.maxHp === b.maxHp;
}

function invalidAmount(amount: number, what: string): Fail | null {
  if (Number.isSafeInteger(amount) && amount >= 0) return null;
  return fail("INVALID_PAYLOAD", `${what} must be a non-negative integer, got ${amount}`);
}
