import type { GameRules } from "../config/config.js";
import type { GameStateManager } from "../state/GameStateManager.js";
import { atomically, commitThen } from "./atomically.js";
import type { HpService } from "./HpService.js";
import type { ItemFlow } from "./ItemFlow.js";
import type { ItemService } from "./ItemService.js";
import { fail, type Result } from "./results.js";
import { guardedBy, isInventorySlot, readAlive } from "./stateAccess.js";

export interface FoodServiceDeps {
  gsm: GameStateManager;
  items: ItemService;
  hp: HpService;
  rules: Pick<GameRules, "inventorySlots">;
  itemFlow?: ItemFlow;
}

/** Eating (GAME_RULES "Food"). */
export class FoodService {
  constructor(private readonly deps: FoodServiceDeps) {}

  /**
   * Eats one item of the stack in `slot`: it is used up and the player heals by its `heals` value, up to
   * max HP (at full HP the food is still eaten and heals 0), in one commit. Returns the HP healed. Fails
   * with INVALID_SLOT, SLOT_EMPTY, NOT_EDIBLE (an item without `heals`), NOT_FOUND, DEAD.
   */
  async eat(playerId: number, slot: number): Promise<Result<{ healed: number }>> {
    const { gsm, items, hp, rules } = this.deps;
    if (!isInventorySlot(slot, rules.inventorySlots)) return fail("INVALID_SLOT", `slot ${slot} is outside 0..${rules.inventorySlots - 1}`);
    const eaten = await atomically(gsm, async () => {
      const read = await readAlive(gsm, playerId);
      if (!read.ok) return read;
      const snapshot = read.data;
      const stack = snapshot.inventory.get(slot);
      if (!stack) return fail("SLOT_EMPTY", `inventory slot ${slot} is empty`);
      const heals = items.getById(stack.itemId)?.heals ?? null;
      if (heals === null) return fail("NOT_EDIBLE", `item ${stack.itemId} cannot be eaten`);
      const tx = guardedBy(gsm, snapshot);
      if (stack.quantity === 1) tx.deleteInventorySlot(playerId, slot);
      else tx.setInventorySlot(playerId, slot, { ...stack, quantity: stack.quantity - 1 });
      const after = hp.planHp(tx, snapshot, snapshot.hp.currentHp + heals, []);
      return commitThen(tx, { healed: after.hp.currentHp - snapshot.hp.currentHp });
    });
    if (eaten.ok) this.deps.itemFlow?.destroyed("eat", 1);
    return eaten;
  }
}
