import type { GameRules } from "../config/config.js";
import type { GameStateManager } from "../state/GameStateManager.js";
import type { PlayerSnapshot } from "../state/PlayerSnapshot.js";
import type { StateTransaction } from "../state/StateTransaction.js";
import { SKILL_NAMES, type SkillName, type Skills, type SkillState } from "../state/types.js";
import { atomically, commitThen, nothingToWrite } from "./atomically.js";
import type { ItemService } from "./ItemService.js";
import { fail, ok, type Result } from "./results.js";
import { combatLevel } from "./rules/combatLevel.js";
import { playerMaxHp } from "./rules/equipmentRules.js";
import { withMaxHp } from "./rules/hpRules.js";
import { initialSkills } from "./rules/initialSkills.js";
import { skillLevel } from "./rules/skillLevel.js";
import { addXp } from "./rules/xpTable.js";
import type { ServiceDeps } from "./ServiceDeps.js";
import { guardedBy, isPositiveInteger, readAlive, readLoaded } from "./stateAccess.js";

const SKILL_NAME_SET: ReadonlySet<string> = new Set(SKILL_NAMES);

/** A skill that rose a level (or more): the room tells the player `levelUp`. */
export interface LevelUp {
  skill: SkillName;
  level: number;
}

/** The grants of `planXp` that raised a level, as the room tells them. */
export function levelUpsOf(outcomes: readonly XpOutcome[]): LevelUp[] {
  return outcomes.filter((o) => o.levelsGained > 0).map(({ skill, level }) => ({ skill, level }));
}

export interface XpOutcome {
  skill: SkillName;
  level: number;
  xp: number;
  levelsGained: number;
}

/**
 * Experience and levels (GAME_RULES "Skills and levels"). XP only grows, capped at `rules.maxXp`; the level
 * is derived from XP and never drops. NOT_FOUND for a player who is not loaded.
 */
export class SkillService {
  private readonly gsm: GameStateManager;
  private readonly items: ItemService;
  private readonly rules: GameRules;

  constructor(deps: Pick<ServiceDeps, "gsm" | "items" | "rules">) {
    ({ gsm: this.gsm, items: this.items, rules: this.rules } = deps);
  }

  /**
   * Adds `xp` to `skill` and returns the new level, XP and the levels gained. When hitpoints gains a level,
   * max HP is recomputed in the same atomic commit (current HP stays, clamped). XP at the cap succeeds
   * without a change. Fails with INVALID_PAYLOAD (unknown skill, XP not a positive integer), NOT_FOUND, DEAD.
   */
  async addExperience(playerId: number, skill: SkillName, xp: number): Promise<Result<XpOutcome>> {
    if (!SKILL_NAME_SET.has(skill)) return fail("INVALID_PAYLOAD", `${String(skill)} is not a skill`);
    if (!isPositiveInteger(xp)) return fail("INVALID_PAYLOAD", `xp must be a positive integer, got ${xp}`);
    return atomically(this.gsm, async () => {
      const read = await readAlive(this.gsm, playerId);
      if (!read.ok) return read;
      const tx = guardedBy(this.gsm, read.data);
      const [outcome] = this.planXp(tx, read.data, [{ skill, xp }]);
      return tx.isEmpty ? nothingToWrite(outcome!) : commitThen(tx, outcome!);
    });
  }

  /**
   * Writes into `tx` (guarded by the snapshot's version) the XP grants, in order, each capped at
   * `rules.maxXp`; when hitpoints gains a level, max HP is recomputed in the same change (current HP kept,
   * clamped). Writes nothing for grants that change nothing. For composing XP with other rules in one commit.
   */
  planXp(tx: StateTransaction, snapshot: PlayerSnapshot, grants: readonly { skill: SkillName; xp: number }[]): XpOutcome[] {
    const skills: Skills = new Map(snapshot.skills);
    const outcomes: XpOutcome[] = [];
    let hitpointsRose = false;
    for (const { skill, xp } of grants) {
      const before = skills.get(skill) ?? this.initialState(skill);
      const added = addXp(before, xp, this.rules).state;
      // Derived from XP; a stored level above it (inconsistent data) is kept rather than lowered.
      const after: SkillState = { xp: added.xp, level: Math.max(before.level, added.level) };
      outcomes.push({ skill, level: after.level, xp: after.xp, levelsGained: after.level - before.level });
      if (after.xp === before.xp && after.level === before.level && skills.has(skill)) continue;
      skills.set(skill, after);
      tx.setSkill(snapshot.playerId, skill, after);
      if (skill === "hitpoints" && after.level !== before.level) hitpointsRose = true;
    }
    if (hitpointsRose) tx.setHp(snapshot.playerId, withMaxHp(snapshot.hp, playerMaxHp({ skills, equipment: snapshot.equipment }, this.items.getById)));
    return outcomes;
  }

  /** Every skill's level and XP (a skill missing from the state shows its starting values). */
  async getSkills(playerId: number): Promise<Result<Skills>> {
    const read = await readLoaded(this.gsm, playerId);
    if (!read.ok) return read;
    const skills = initialSkills(this.rules);
    for (const [name, state] of read.data.skills) skills.set(name, { ...state });
    return ok(skills);
  }

  /** Sum of every skill's level. */
  async getTotalLevel(playerId: number): Promise<Result<number>> {
    const skills = await this.getSkills(playerId);
    return skills.ok ? ok(SKILL_NAMES.reduce((sum, name) => sum + skillLevel(skills.data, name), 0)) : skills;
  }

  /** The combat level (GAME_RULES formula); a new player is level 3. */
  async getCombatLevel(playerId: number): Promise<Result<number>> {
    const skills = await this.getSkills(playerId);
    return skills.ok ? ok(combatLevel(skills.data)) : skills;
  }

  private initialState(skill: SkillName): SkillState {
    return initialSkills(this.rules).get(skill) ?? { level: 1, xp: 0 };
  }
}
