import type { CombatStyle, SkillName } from "../../protocol/names.js";
import { combatLevel } from "./combatLevel.js";
import { randomInt, type RandomSource } from "./random.js";

/** What a swing needs of one side: melee levels, equipment (or kind) bonuses, and the style (null: an NPC). */
export interface Fighter {
  attackLevel: number;
  strengthLevel: number;
  defenceLevel: number;
  attackBonus: number;
  strengthBonus: number;
  defenceBonus: number;
  /** A player's style; null for an NPC, whose effective levels are level + 9 with no style bonus. */
  style: CombatStyle | null;
}

/** The skill each style trains: 4 XP per point of damage. */
export const STYLE_SKILL: Readonly<Record<CombatStyle, SkillName>> = {
  accurate: "attack",
  aggressive: "strength",
  defensive: "defence",
};

const STYLE_BONUS = 3;
const PLAYER_BASE = 8;
const NPC_BASE = 9;
/** Unarmed players swing every 4 ticks. */
export const UNARMED_ATTACK_SPEED_TICKS = 4;

function effective(level: number, fighter: Fighter, boostedBy: CombatStyle): number {
  if (fighter.style === null) return level + NPC_BASE;
  return level + PLAYER_BASE + (fighter.style === boostedBy ? STYLE_BONUS : 0);
}

/** Attack level + 8 (+3 `accurate`); NPCs: + 9. */
export function effectiveAttack(f: Fighter): number {
  return effective(f.attackLevel, f, "accurate");
}

/** Strength level + 8 (+3 `aggressive`); NPCs: + 9. */
export function effectiveStrength(f: Fighter): number {
  return effective(f.strengthLevel, f, "aggressive");
}

/** Defence level + 8 (+3 `defensive`); NPCs: + 9. */
export function effectiveDefence(f: Fighter): number {
  return effective(f.defenceLevel, f, "defensive");
}

/** A = effective attack x (attack bonus + 64). */
export function attackRoll(f: Fighter): number {
  return effectiveAttack(f) * (f.attackBonus + 64);
}

/** D = effective defence x (defence bonus + 64). */
export function defenceRoll(f: Fighter): number {
  return effectiveDefence(f) * (f.defenceBonus + 64);
}

/** 1 - (D + 2) / (2 (A + 1)) when A > D, else A / (2 (D + 1)); kept within 0..1. */
export function hitChance(attack: number, defence: number): number {
  const chance = attack > defence ? 1 - (defence + 2) / (2 * (attack + 1)) : attack / (2 * (defence + 1));
  return Math.min(1, Math.max(0, chance));
}

/** floor(0.5 + effective strength x (strength bonus + 64) / 640), never below 0. */
export function maxHit(f: Fighter): number {
  return Math.max(0, Math.floor(0.5 + (effectiveStrength(f) * (f.strengthBonus + 64)) / 640));
}

/**
 * One swing before the target's HP is known: a hit with the chance above deals a uniform integer from 0 to
 * the max hit; a miss deals 0. Draws one number for the accuracy and, on a hit, one for the damage. The
 * caller caps the damage at the target's current HP (`capDamage`).
 */
export function rollSwing(attacker: Fighter, defender: Fighter, random: RandomSource): number {
  if (random() >= hitChance(attackRoll(attacker), defenceRoll(defender))) return 0;
  return randomInt(random, 0, maxHit(attacker));
}

/** Damage capped at the target's current HP (never negative). */
export function capDamage(damage: number, currentHp: number): number {
  return Math.max(0, Math.min(damage, currentHp));
}

/** XP a player earns for one swing that dealt `damage`: 4 per point in the style's skill, floor(4d/3) hitpoints. */
export function swingXp(damage: number, style: CombatStyle): { skill: SkillName; xp: number }[] {
  if (damage <= 0) return [];
  return [
    { skill: STYLE_SKILL[style], xp: 4 * damage },
    { skill: "hitpoints", xp: Math.floor((4 * damage) / 3) },
  ];
}

/** An NPC's combat level: the player formula over its levels, ranged and magic 1. */
export function npcCombatLevel(levels: { attack: number; strength: number; defence: number; hitpoints: number }): number {
  return combatLevel({ ...levels, ranged: 1, magic: 1 });
}
