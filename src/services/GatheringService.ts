import type { SkillName } from "../protocol/names.js";
import type { GameRules } from "../config/config.js";
import type { GameStateManager } from "../state/GameStateManager.js";
import { atomically, commitThen } from "./atomically.js";
import type { ItemFlow } from "./ItemFlow.js";
import type { ItemService } from "./ItemService.js";
import { fail, type Result } from "./results.js";
import { planCooked, planGathered } from "./rules/gathering.js";
import { levelUpsOf, type LevelUp, type SkillService } from "./SkillService.js";
import { guardedBy, readAlive, writeInventoryPlan } from "./stateAccess.js";

export interface GatheringServiceDeps {
  gsm: GameStateManager;
  items: ItemService;
  skills: SkillService;
  rules: Pick<GameRules, "inventorySlots">;
  itemFlow?: ItemFlow;
}

/**
 * The stored side of gathering and cooking (GAME_RULES "Gathering and cooking"): the map world decides each
 * attempt; this service commits a successful one as ONE guarded change of the player's inventory and XP,
 * checked against the inventory as it is then, and counts the items it creates and uses up.
 */
export class GatheringService {
  constructor(private readonly deps: GatheringServiceDeps) {}

  /**
   * One gathered `itemId` into the inventory and `xp` in `skill`, in one commit. Returns the level-ups.
   * Fails with INVENTORY_FULL (no room for it now), NOT_FOUND (not loaded), DEAD.
   */
  async gathered(playerId: number, itemId: number, skill: SkillName, xp: number): Promise<Result<LevelUp[]>> {
    const { gsm, items, skills, rules } = this.deps;
    const outcome = await atomically(gsm, async () => {
      const read = await readAlive(gsm, playerId);
      if (!read.ok) return read;
      const plan = planGathered(read.data.inventory, itemId, items.maxStackOf, rules.inventorySlots);
      if (!plan) return fail("INVENTORY_FULL", "your inventory is full");
      const tx = writeInventoryPlan(guardedBy(gsm, read.data), playerId, plan);
      return commitThen(tx, levelUpsOf(skills.planXp(tx, read.data, [{ skill, xp }])));
    });
    if (outcome.ok) this.deps.itemFlow?.created("gather", 1);
    return outcome;
  }

  /**
   * One cooking attempt: one `rawItemId` out of the inventory (from `slot` first), one `resultItemId` (cooked
   * or burnt) in, and `xp` in cooking when it is above 0, in one commit. Returns the level-ups. Fails with
   * ITEM_GONE (no raw item of the kind left), INVENTORY_FULL (no room for the result), NOT_FOUND, DEAD.
   */
  async cooked(playerId: number, rawItemId: number, slot: number, resultItemId: number, xp: number): Promise<Result<LevelUp[]>> {
    const { gsm, items, skills, rules } = this.deps;
    const outcome = await atomically(gsm, async () => {
      const read = await readAlive(gsm, playerId);
      if (!read.ok) return read;
      const inventory = read.data.inventory;
      if (![...inventory.values()].some((s) => s.itemId === rawItemId)) return fail("ITEM_GONE", "nothing left to cook");
      const plan = planCooked(inventory, rawItemId, slot, resultItemId, items.maxStackOf, rules.inventorySlots);
      if (!plan) return fail("INVENTORY_FULL", "your inventory is full");
      const tx = writeInventoryPlan(guardedBy(gsm, read.data), playerId, plan);
      return commitThen(tx, xp > 0 ? levelUpsOf(skills.planXp(tx, read.data, [{ skill: "cooking", xp }])) : []);
    });
    if (outcome.ok) {
      this.deps.itemFlow?.destroyed("cook", 1);
      this.deps.itemFlow?.created("cook", 1);
    }
    return outcome;
  }
}
