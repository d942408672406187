import type { CombatStyle } from "../protocol/names.js";
import type { GameStateManager } from "../state/GameStateManager.js";
import type { Hp } from "../state/types.js";
import { atomically, commitThen, groundItemIdReserve, nothingToWrite, type Planned } from "./atomically.js";
import type { HpService } from "./HpService.js";
import { fail, type Result } from "./results.js";
import { capDamage, swingXp } from "./rules/combat.js";
import { levelUpsOf, type LevelUp, type SkillService } from "./SkillService.js";
import { guardedBy, readAlive, readLoaded } from "./stateAccess.js";

export type { LevelUp } from "./SkillService.js";

/** What a swing at a player did once applied to the stored state. */
export interface PlayerHitOutcome {
  /** The damage dealt: the rolled damage capped by the target's current HP. */
  damage: number;
  hp: Hp;
  died: boolean;
  /** The ground items the target's death left (empty when it did not die). */
  groundItemIds: number[];
  /** The attacking player's level-ups (PvP only). */
  levelUps: LevelUp[];
}

export interface CombatServiceDeps {
  gsm: GameStateManager;
  hp: HpService;
  skills: SkillService;
}

/**
 * The stored side of combat (GAME_RULES "Combat"): the map world decides who swings and what it rolls; this
 * service applies a swing to the players' stored state, each as ONE commit composed from the HP and XP
 * rules: an NPC's hit is one commit of the target's HP (capped by its fresh HP; 0 runs the death sequence);
 * a player's swing at an NPC commits its XP; a player's swing at a player commits the target's HP and the
 * attacker's XP together, guarded by both players' versions.
 */
export class CombatService {
  private readonly gsm: GameStateManager;
  private readonly hp: HpService;
  private readonly skills: SkillService;

  constructor(deps: CombatServiceDeps) {
    ({ gsm: this.gsm, hp: this.hp, skills: this.skills } = deps);
  }

  /** An NPC's swing of `damage` at a living player. Fails with NOT_FOUND (not loaded), DEAD. */
  npcHitsPlayer(playerId: number, damage: number): Promise<Result<PlayerHitOutcome>> {
    const reserveIds = groundItemIdReserve(this.gsm);
    return atomically(this.gsm, async (): Promise<Planned<PlayerHitOutcome>> => {
      const read = await readAlive(this.gsm, playerId);
      if (!read.ok) return read;
      const target = read.data;
      const dealt = capDamage(damage, target.hp.currentHp);
      if (dealt === 0) return nothingToWrite({ damage: 0, hp: { ...target.hp }, died: false, groundItemIds: [], levelUps: [] });
      const currentHp = target.hp.currentHp - dealt;
      const ids = await reserveIds(this.hp.idsForHp(target, currentHp));
      const tx = guardedBy(this.gsm, target);
      const outcome = this.hp.planHp(tx, target, currentHp, ids);
      return commitThen(tx, { damage: dealt, ...outcome, levelUps: [] });
    });
  }

  /**
   * A player's swing that dealt `damage` to an NPC: 4 XP per point in the style's skill and
   * floor(4 x damage / 3) hitpoints, one commit. Returns the level-ups. Fails with NOT_FOUND.
   */
  async swingXp(playerId: number, style: CombatStyle, damage: number): Promise<Result<LevelUp[]>> {
    const grants = swingXp(damage, style);
    if (grants.length === 0) return { ok: true, data: [] };
    return atomically(this.gsm, async () => {
      // XP earned by a swing is kept even if its striker died since: no alive check.
      const read = await readLoaded(this.gsm, playerId, { forUpdate: true });
      if (!read.ok) return read;
      const tx = guardedBy(this.gsm, read.data);
      const levelUps = levelUpsOf(this.skills.planXp(tx, read.data, grants));
      return tx.isEmpty ? nothingToWrite(levelUps) : commitThen(tx, levelUps);
    });
  }

  /**
   * A player's swing rolled at `damage` against another player (PvP): the damage is capped by the target's
   * fresh HP, the target's HP (and death) and the attacker's XP are committed together, guarded by both
   * versions. Fails with NOT_FOUND (either not loaded), DEAD (the target).
   */
  playerHitsPlayer(attackerId: number, targetId: number, style: CombatStyle, damage: number): Promise<Result<PlayerHitOutcome>> {
    if (attackerId === targetId) return Promise.resolve(fail("NOT_ATTACKABLE", "a player cannot hit itself"));
    const reserveIds = groundItemIdReserve(this.gsm);
    return atomically(this.gsm, async (): Promise<Planned<PlayerHitOutcome>> => {
      const [attackerRead, targetRead] = await Promise.all([
        readLoaded(this.gsm, attackerId, { forUpdate: true }),
        readAlive(this.gsm, targetId),
      ]);
      if (!attackerRead.ok) return attackerRead;
      if (!targetRead.ok) return targetRead;
      const target = targetRead.data;
      const dealt = capDamage(damage, target.hp.currentHp);
      if (dealt === 0) return nothingToWrite({ damage: 0, hp: { ...target.hp }, died: false, groundItemIds: [], levelUps: [] });
      const currentHp = target.hp.currentHp - dealt;
      const ids = await reserveIds(this.hp.idsForHp(target, currentHp));
      const tx = guardedBy(this.gsm, target).expectPlayer(attackerId, attackerRead.data.version);
      const outcome = this.hp.planHp(tx, target, currentHp, ids);
      const levelUps = levelUpsOf(this.skills.planXp(tx, attackerRead.data, swingXp(dealt, style)));
      return commitThen(tx, { damage: dealt, ...outcome, levelUps });
    });
  }

  /** Saves the player's melee style. Fails with NOT_FOUND, DEAD. */
  setStyle(playerId: number, style: CombatStyle): Promise<Result<void>> {
    return atomically(this.gsm, async () => {
      const read = await readAlive(this.gsm, playerId);
      if (!read.ok) return read;
      if (read.data.combatStyle === style) return nothingToWrite(undefined);
      return commitThen(guardedBy(this.gsm, read.data).setCombatStyle(playerId, style), undefined);
    });
  }
}

