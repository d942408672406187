import type { GameRules } from "../config/config.js";
import type { GameStateManager } from "../state/GameStateManager.js";
import type { Inventory } from "../state/types.js";
import { atomically, commitThen, nothingToWrite, type Planned } from "./atomically.js";
import type { ItemService } from "./ItemService.js";
import { fail, ok, type Result } from "./results.js";
import { chebyshev } from "./rules/distance.js";
import { planExchange, type Offer } from "./rules/tradeRules.js";
import { guardedBy, readAlive, readLoaded, writeInventoryPlan } from "./stateAccess.js";

export interface TradeServiceDeps {
  gsm: GameStateManager;
  items: ItemService;
  rules: Pick<GameRules, "inventorySlots" | "tradeReachTiles">;
}

/** One side of a trade as it completes: who, and what they offer. */
export interface TradeParty {
  playerId: number;
  username: string;
  offer: Offer;
}

/**
 * The stored side of player-to-player trade (GAME_RULES "Trade"). The trade itself (requests, offers,
 * confirmations) lives in the memory of the map room both players are in (`TradeBook`); this service reads
 * what an offer is made from and commits a completed trade. Items only change owners: none is created or
 * destroyed.
 */
export class TradeService {
  constructor(private readonly deps: TradeServiceDeps) {}

  /** The player's inventory as stored now; NOT_FOUND when the player is not loaded. */
  async inventoryOf(playerId: number): Promise<Result<Inventory>> {
    const read = await readLoaded(this.deps.gsm, playerId);
    return read.ok ? ok(read.data.inventory) : read;
  }

  /**
   * Both offers change owners in ONE commit of both inventories, guarded by both players' versions as this
   * call read them, so that it holds across processes and against any change made meanwhile (a refused
   * commit is planned again on what is stored then). Checked against both inventories as they are stored:
   * fails with ITEM_GONE (an offered item is no longer in the slot it was offered from, e.g. dropped,
   * equipped, moved, banked, eaten or sold), INVENTORY_FULL (an inventory cannot take what it receives; the
   * message names whose), TOO_FAR (not on one map within TRADE_REACH_TILES), DEAD, NOT_FOUND (a player is not
   * loaded), UNAVAILABLE. Nothing moves on any failure.
   */
  complete(parties: readonly [TradeParty, TradeParty]): Promise<Result<void>> {
    const { gsm, items, rules } = this.deps;
    return atomically(gsm, async (): Promise<Planned<void>> => {
      const reads = await Promise.all(parties.map((p) => readAlive(gsm, p.playerId)));
      const [a, b] = reads;
      if (!a!.ok) return a!;
      if (!b!.ok) return b!;
      const [first, second] = [a!.data, b!.data];
      if (first.position.mapId !== second.position.mapId || chebyshev(first.position, second.position) > rules.tradeReachTiles) {
        return fail("TOO_FAR", `${parties[0].username} and ${parties[1].username} are too far apart to trade`);
      }
      const planned = planExchange(
        [{ inventory: first.inventory, offer: parties[0].offer }, { inventory: second.inventory, offer: parties[1].offer }],
        items.maxStackOf,
        rules.inventorySlots,
      );
      if (!planned.ok) {
        const { username } = parties[planned.side];
        const other = parties[1 - planned.side]!.username;
        return planned.code === "ITEM_GONE"
          ? fail("ITEM_GONE", `an item ${username} offered is no longer where it was offered`)
          : fail("INVENTORY_FULL", `${username}'s inventory cannot take what ${other} offers`);
      }
      const [planA, planB] = planned.plans;
      if (planA.set.length + planA.delete.length + planB.set.length + planB.delete.length === 0) return nothingToWrite(undefined);
      const tx = guardedBy(gsm, first).expectPlayer(second.playerId, second.version);
      writeInventoryPlan(tx, first.playerId, planA);
      writeInventoryPlan(tx, second.playerId, planB);
      return commitThen(tx, undefined);
    });
  }
}
