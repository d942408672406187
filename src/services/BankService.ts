import type { GameRules } from "../config/config.js";
import type { BankRead } from "../state/BankHotState.js";
import type { GameStateManager } from "../state/GameStateManager.js";
import type { Bank } from "../state/types.js";
import { atomically, commitThen, nothingToWrite, type Planned } from "./atomically.js";
import type { ItemService } from "./ItemService.js";
import { fail, ok, type Result } from "./results.js";
import * as bankRules from "./rules/bankRules.js";
import { chebyshev, type Tile } from "./rules/distance.js";
import { isDead } from "./rules/hpRules.js";
import { applySlotPlan } from "./rules/slotPlan.js";
import { guardedBy, writeBankPlan, writeInventoryPlan } from "./stateAccess.js";

export interface BankServiceDeps {
  gsm: GameStateManager;
  items: ItemService;
  rules: Pick<GameRules, "inventorySlots" | "bankSlots" | "bankReachTiles">;
  /** The bank booths of a map (none for an unknown map). */
  boothsOf: (mapId: string) => readonly Tile[];
}

/** What a bank command left: the bank after it (for the player's own view), and what it moved. */
export type BankOutcome<T> = T & { bank: Bank };

/**
 * The bank (GAME_RULES "Bank"): deposits, withdrawals and moves, each ONE commit of the inventory and the
 * bank guarded by the player's version (the bank is read with the player at one version, so the guard
 * covers both), re-planned on a moved version. Every command needs the player within `bankReachTiles`
 * (Chebyshev) of a booth of its map (TOO_FAR), and answers NOT_FOUND for a player who is not loaded and
 * DEAD for a dead one. Items only move: none is created or destroyed.
 */
export class BankService {
  constructor(private readonly deps: BankServiceDeps) {}

  /**
   * Deposits `quantity` (default: every one the inventory holds; more than it holds deposits what it holds)
   * of the item in inventory slot `slot`, from that slot first. All or nothing. Fails with TOO_FAR,
   * INVALID_SLOT, INVALID_PAYLOAD (quantity below 1), SLOT_EMPTY, BANK_FULL.
   */
  deposit(playerId: number, slot: number, quantity?: number): Promise<Result<BankOutcome<{ quantity: number }>>> {
    return this.change(playerId, ({ player, bank }) => {
      const plan = bankRules.planDeposit(player.inventory, bank, slot, quantity, this.limits());
      return plan.ok ? ok({ plan: plan.data, value: { quantity: plan.data.deposited } }) : plan;
    });
  }

  /** Deposits the whole inventory, all or nothing. Fails with TOO_FAR, BANK_FULL. */
  depositAll(playerId: number): Promise<Result<BankOutcome<object>>> {
    return this.change(playerId, ({ player, bank }) => {
      const plan = bankRules.planDepositAll(player.inventory, bank, this.limits());
      return plan.ok ? ok({ plan: plan.data, value: {} }) : plan;
    });
  }

  /**
   * Withdraws `quantity` (default: the whole slot) of bank slot `bankSlot`: as many as fit, the rest stays.
   * Returns how many. Fails with TOO_FAR, INVALID_SLOT, INVALID_PAYLOAD (quantity below 1), SLOT_EMPTY,
   * INVENTORY_FULL (none fits).
   */
  withdraw(playerId: number, bankSlot: number, quantity?: number): Promise<Result<BankOutcome<{ quantity: number }>>> {
    return this.change(playerId, ({ player, bank }) => {
      const plan = bankRules.planWithdraw(player.inventory, bank, bankSlot, quantity, this.limits());
      return plan.ok ? ok({ plan: plan.data, value: { quantity: plan.data.withdrawn } }) : plan;
    });
  }

  /** Moves bank slot `from` to `to` (merge, move or swap). Fails with TOO_FAR, INVALID_SLOT, SLOT_EMPTY. */
  move(playerId: number, from: number, to: number): Promise<Result<BankOutcome<object>>> {
    return this.change(playerId, ({ bank }) => {
      const plan = bankRules.planBankMove(bank, from, to, this.deps.rules.bankSlots);
      return plan.ok ? ok({ plan: { inventory: { set: [], delete: [] }, bank: plan.data }, value: {} }) : plan;
    });
  }

  /** Whether the player stands within reach of one of its map's booths. */
  private atBooth(read: BankRead): boolean {
    const { position } = read.player;
    return this.deps.boothsOf(position.mapId).some((booth) => chebyshev(position, booth) <= this.deps.rules.bankReachTiles);
  }

  private limits(): bankRules.BankLimits {
    const { inventorySlots, bankSlots } = this.deps.rules;
    return { inventorySlots, bankSlots, maxStack: this.deps.items.maxStackOf };
  }

  private change<T extends object>(
    playerId: number,
    plan: (read: BankRead) => Result<{ plan: bankRules.TransferPlan; value: T }>,
  ): Promise<Result<BankOutcome<T>>> {
    const { gsm } = this.deps;
    return atomically(gsm, async (): Promise<Planned<BankOutcome<T>>> => {
      const read = await gsm.banks.read(playerId);
      if (!read) return fail("NOT_FOUND", `player ${playerId} is not online`);
      if (isDead(read.player)) return fail("DEAD", `player ${playerId} is dead`);
      if (!this.atBooth(read)) return fail("TOO_FAR", "no bank booth in reach");
      const planned = plan(read);
      if (!planned.ok) return planned;
      const { plan: transfer, value } = planned.data;
      const bank = applySlotPlan(read.bank, transfer.bank);
      const tx = writeBankPlan(writeInventoryPlan(guardedBy(gsm, read.player), playerId, transfer.inventory), playerId, transfer.bank);
      return tx.isEmpty ? nothingToWrite({ ...value, bank }) : commitThen(tx, { ...value, bank });
    });
  }
}
