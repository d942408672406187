import type { ItemBonuses } from "../content/ItemDefinition.js";
import type { GameRules } from "../config/config.js";
import type { GameStateManager } from "../state/GameStateManager.js";
import type { PlayerSnapshot } from "../state/PlayerSnapshot.js";
import { EQUIPMENT_SLOTS, type EquipmentSlot, type Hp } from "../state/types.js";
import { atomically, commitThen, nothingToWrite, type Planned } from "./atomically.js";
import type { ItemService } from "./ItemService.js";
import { fail, ok, type Result } from "./results.js";
import { planEquip, planUnequip, playerMaxHp, totalStats, type EquipPlan } from "./rules/equipmentRules.js";
import { withMaxHp } from "./rules/hpRules.js";
import { applySlotPlan } from "./rules/slotPlan.js";
import type { ServiceDeps } from "./ServiceDeps.js";
import { guardedBy, isInventorySlot, readAlive, readLoaded, writeEquipmentPlan, writeInventoryPlan } from "./stateAccess.js";

const EQUIPMENT_SLOT_SET: ReadonlySet<string> = new Set(EQUIPMENT_SLOTS);

/**
 * Equips and unequips items (GAME_RULES "Equipment") and reports equipment totals. An equip or unequip is
 * one atomic commit of the inventory, the equipment and the recomputed max HP (current HP kept, clamped),
 * guarded by the player's version; a refused one changes nothing. NOT_FOUND for a player who is not loaded,
 * DEAD for a dead one.
 */
export class EquipmentService {
  private readonly gsm: GameStateManager;
  private readonly items: ItemService;
  private readonly rules: GameRules;

  constructor(deps: Pick<ServiceDeps, "gsm" | "items" | "rules">) {
    ({ gsm: this.gsm, items: this.items, rules: this.rules } = deps);
  }

  /**
   * Equips the item in `inventorySlot`; what was in its equipment slot swaps into that inventory slot, and
   * a shield or two-handed weapon that has to come off goes to the lowest free slot. Returns the new HP.
   * Fails with INVALID_SLOT, SLOT_EMPTY, NOT_EQUIPABLE (no equipment slot, or an unknown item),
   * REQUIREMENTS_NOT_MET, INVENTORY_FULL (what comes off does not fit), NOT_FOUND, DEAD.
   */
  async equip(playerId: number, inventorySlot: number): Promise<Result<Hp>> {
    if (!isInventorySlot(inventorySlot, this.rules.inventorySlots)) {
      return fail("INVALID_SLOT", `slot ${inventorySlot} is outside 0..${this.rules.inventorySlots - 1}`);
    }
    return atomically(this.gsm, async () => {
      const read = await readAlive(this.gsm, playerId);
      if (!read.ok) return read;
      const snapshot = read.data;
      const stack = snapshot.inventory.get(inventorySlot);
      if (!stack) return fail("SLOT_EMPTY", `inventory slot ${inventorySlot} is empty`);
      const item = this.items.getById(stack.itemId);
      if (!item) return fail("NOT_EQUIPABLE", `item ${stack.itemId} is not in the catalogue`);
      const plan = planEquip({
        inventory: snapshot.inventory,
        equipment: snapshot.equipment,
        fromSlot: inventorySlot,
        item,
        getItem: this.items.getById,
        skills: snapshot.skills,
        slots: this.rules.inventorySlots,
      });
      return plan.ok ? this.commitPlan(snapshot, plan.data) : plan;
    });
  }

  /**
   * Unequips `slotName` onto a matching stack or into the lowest free inventory slot. Returns the new HP.
   * Fails with INVALID_SLOT (not an equipment slot name), SLOT_EMPTY, INVENTORY_FULL, NOT_FOUND, DEAD.
   */
  async unequip(playerId: number, slotName: string): Promise<Result<Hp>> {
    if (!EQUIPMENT_SLOT_SET.has(slotName)) return fail("INVALID_SLOT", `${slotName} is not an equipment slot`);
    const slot = slotName as EquipmentSlot;
    return atomically(this.gsm, async () => {
      const read = await readAlive(this.gsm, playerId);
      if (!read.ok) return read;
      const snapshot = read.data;
      const plan = planUnequip({
        inventory: snapshot.inventory,
        equipment: snapshot.equipment,
        slot,
        getItem: this.items.getById,
        slots: this.rules.inventorySlots,
      });
      return plan.ok ? this.commitPlan(snapshot, plan.data) : plan;
    });
  }

  /** Sums of the equipped bonuses (negatives count). NOT_FOUND for a player who is not loaded. */
  async getTotalStats(playerId: number): Promise<Result<ItemBonuses>> {
    const read = await readLoaded(this.gsm, playerId);
    return read.ok ? ok(totalStats(read.data.equipment, this.items.getById)) : read;
  }

  /** Max HP derived now: hitpoints level + equipped health bonuses. NOT_FOUND when not loaded. */
  async getMaxHp(playerId: number): Promise<Result<number>> {
    const read = await readLoaded(this.gsm, playerId);
    return read.ok ? ok(playerMaxHp(read.data, this.items.getById)) : read;
  }

  private commitPlan(snapshot: PlayerSnapshot, plan: EquipPlan): Planned<Hp> {
    const equipment = applySlotPlan(snapshot.equipment, plan.equipment);
    const hp = withMaxHp(snapshot.hp, playerMaxHp({ skills: snapshot.skills, equipment }, this.items.getById));
    const unchanged = plan.inventory.set.length + plan.inventory.delete.length + plan.equipment.set.length + plan.equipment.delete.length === 0;
    if (unchanged) return nothingToWrite(snapshot.hp);
    const tx = guardedBy(this.gsm, snapshot);
    writeInventoryPlan(tx, snapshot.playerId, plan.inventory);
    writeEquipmentPlan(tx, snapshot.playerId, plan.equipment);
    tx.setHp(snapshot.playerId, hp);
    return commitThen(tx, hp);
  }
}
