import { randomBytes } from "node:crypto";
import { ITEM_CATALOGUE } from "../../src/content/itemCatalogue.js";
import type { ItemDefinition } from "../../src/content/ItemDefinition.js";
import type { GameStateManager } from "../../src/state/GameStateManager.js";
import type { Account } from "../../src/state/PlayerRepository.js";
import { SKILL_NAMES, type Skills } from "../../src/state/types.js";

export function itemNamed(name: string): ItemDefinition {
  const item = ITEM_CATALOGUE.find((i) => i.name === name);
  if (!item) throw new Error(`no item named ${name} in the catalogue`);
  return item;
}

export function freshSkills(): Skills {
  return new Map(SKILL_NAMES.map((s) => [s, s === "hitpoints" ? { level: 10, xp: 1154 } : { level: 1, xp: 0 }]));
}

/** Creates an account in PostgreSQL (not loaded). */
export async function createAccount(
  gsm: GameStateManager,
  overrides: Partial<{ username: string; mapId: string; x: number; y: number; currentHp: number }> = {},
): Promise<Account> {
  const account = await gsm.accounts.create({
    username: overrides.username ?? `p_${randomBytes(4).toString("hex")}`,
    passwordHash: "not-a-real-hash",
    role: "player",
    mapId: overrides.mapId ?? "town",
    x: overrides.x ?? 10,
    y: overrides.y ?? 10,
    currentHp: overrides.currentHp ?? 10,
    skills: freshSkills(),
  });
  if (!account) throw new Error("username taken");
  return account;
}

/** Creates an account and loads it into Valkey (online). */
export async function createOnlinePlayer(
  gsm: GameStateManager,
  overrides: Parameters<typeof createAccount>[1] = {},
): Promise<Account> {
  const account = await createAccount(gsm, overrides);
  await gsm.loadPlayerState(account.id, account.username, { maxHp: () => 10 });
  return account;
}
