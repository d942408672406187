import type { GameStateManager } from "../state/GameStateManager.js";
import type { PlayerSnapshot } from "../state/PlayerSnapshot.js";
import type { StateTransaction } from "../state/StateTransaction.js";
import { fail, ok, type Result } from "./results.js";
import { isDead } from "./rules/hpRules.js";
import type { BankPlan } from "./rules/bankRules.js";
import type { EquipmentPlan } from "./rules/equipmentRules.js";
import type { InventoryPlan } from "./rules/inventoryRules.js";

/**
 * The player's snapshot, or NOT_FOUND when the player is not loaded in Valkey. `forUpdate`: the read
 * ends in a commit guarded by its version, so this process's cached snapshot will do (see
 * `GameStateManager.readPlayer`); plain queries read the stored state.
 */
export async function readLoaded(gsm: GameStateManager, playerId: number, options: { forUpdate?: boolean } = {}): Promise<Result<PlayerSnapshot>> {
  const snapshot = await gsm.readPlayer(playerId, { cached: options.forUpdate === true });
  return snapshot ? ok(snapshot) : fail("NOT_FOUND", `player ${playerId} is not online`);
}

/** The player's snapshot for a guarded change; NOT_FOUND when not loaded, DEAD when dead. */
export async function readAlive(gsm: GameStateManager, playerId: number): Promise<Result<PlayerSnapshot>> {
  const read = await readLoaded(gsm, playerId, { forUpdate: true });
  if (read.ok && isDead(read.data)) return fail("DEAD", `player ${playerId} is dead`);
  return read;
}

/** A transaction guarded by the version of `snapshot`. */
export function guardedBy(gsm: GameStateManager, snapshot: PlayerSnapshot): StateTransaction {
  return gsm.transaction().expectPlayer(snapshot.playerId, snapshot.version);
}

export function writeInventoryPlan(tx: StateTransaction, playerId: number, plan: InventoryPlan): StateTransaction {
  for (const slot of plan.delete) tx.deleteInventorySlot(playerId, slot);
  for (const { slot, stack } of plan.set) tx.setInventorySlot(playerId, slot, stack);
  return tx;
}

export function writeEquipmentPlan(tx: StateTransaction, playerId: number, plan: EquipmentPlan): StateTransaction {
  for (const slot of plan.delete) tx.deleteEquipmentSlot(playerId, slot);
  for (const { slot, stack } of plan.set) tx.setEquipmentSlot(playerId, slot, stack);
  return tx;
}

export function writeBankPlan(tx: StateTransaction, playerId: number, plan: BankPlan): StateTransaction {
  for (const slot of plan.delete) tx.deleteBankSlot(playerId, slot);
  for (const { slot, stack } of plan.set) tx.setBankSlot(playerId, slot, stack);
  return tx;
}

/** Whether `slot` is an inventory slot number: an integer in 0..slots-1. */
export function isInventorySlot(slot: number, slots: number): boolean {
  return Number.isInteger(slot) && slot >= 0 && slot < slots;
}

export function isPositiveInteger(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 1;
}
