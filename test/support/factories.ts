import { randomBytes } from "node:crypto";
import { loadConfig, type GameRules } from "../../src/config/config.js";
import { ITEM_CATALOGUE } from "../../src/content/itemCatalogue.js";
import type { ItemDefinition } from "../../src/content/ItemDefinition.js";
import { createServices, type GameServices } from "../../src/services/createServices.js";
import type { ItemFlow } from "../../src/services/ItemFlow.js";
import type { GameStateManager, LoadOptions } from "../../src/state/GameStateManager.js";
import type { Account } from "../../src/state/PlayerRepository.js";
import { SKILL_NAMES, type EquipmentSlot, type Skills } from "../../src/state/types.js";

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
  loadOptions: LoadOptions = { maxHp: () => 10 },
): Promise<Account> {
  const account = await createAccount(gsm, overrides);
  await gsm.loadPlayerState(account.id, account.username, loadOptions);
  return account;
}

/** Game rules for service tests: short ground item timers and respawn delay, from the config module. */
export function serviceTestRules(env: Record<string, string> = {}): GameRules {
  return loadConfig({ NODE_ENV: "test", GROUND_ITEM_TIMER_SCALE: "0.01", RESPAWN_DELAY_MS: "50", ...env }).rules;
}

/** A clock tests move by hand; pass `now` to the GSM and the services. */
export interface TestClock {
  nowMs: number;
  now: () => number;
  advance(ms: number): void;
}

export function testClock(startMs = 1_000_000): TestClock {
  const clock: TestClock = {
    nowMs: startMs,
    now: () => clock.nowMs,
    advance: (ms) => {
      clock.nowMs += ms;
    },
  };
  return clock;
}

/** Every service over `gsm`, sharing its clock. */
export function servicesFor(gsm: GameStateManager, rules: GameRules = serviceTestRules()): GameServices {
  return createServices({ gsm, rules });
}

/** Puts `quantity` of the named item into an inventory slot directly (arrange step; no rules applied). */
export async function putInSlot(gsm: GameStateManager, playerId: number, slot: number, name: string, quantity = 1): Promise<void> {
  const item = itemNamed(name);
  await gsm.fields.setInventorySlot(playerId, slot, item.id, quantity, item.maxDurability);
}

/** Puts the named item into an equipment slot directly (arrange step; no rules applied). */
export async function putOn(gsm: GameStateManager, playerId: number, slot: EquipmentSlot, name: string, quantity = 1): Promise<void> {
  const item = itemNamed(name);
  await gsm.fields.setEquipmentSlot(playerId, slot, item.id, quantity, item.maxDurability);
}

/** Fills every empty inventory slot of 0..slots-1 with the named (unstackable) item. */
export async function fillInventory(gsm: GameStateManager, playerId: number, name = "wooden_helm", slots = 28): Promise<void> {
  const inventory = await gsm.fields.getInventory(playerId);
  for (let slot = 0; slot < slots; slot++) if (!inventory.has(slot)) await putInSlot(gsm, playerId, slot, name);
}

/** An ItemFlow (`flow`) that adds up what it is told, by source, for a test to read. */
export interface RecordedItemFlow {
  flow: ItemFlow;
  created: Map<string, number>;
  destroyed: Map<string, number>;
  clear(): void;
}

export function recordingItemFlow(): RecordedItemFlow {
  const created = new Map<string, number>();
  const destroyed = new Map<string, number>();
  const add = (counts: Map<string, number>, source: string, quantity: number) => void counts.set(source, (counts.get(source) ?? 0) + quantity);
  return {
    flow: { created: (source, quantity) => add(created, source, quantity), destroyed: (sink, quantity) => add(destroyed, sink, quantity) },
    created,
    destroyed,
    clear: () => {
      created.clear();
      destroyed.clear();
    },
  };
}
