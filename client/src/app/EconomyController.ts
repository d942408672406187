import type { ItemDefinition } from "../../../src/content/ItemDefinition.js";
import type { CommandResult, NpcKindInfo, PublicRules } from "../../../src/protocol/index.js";
import type { MapState, PersonalState, PlayerState } from "../../../src/schema/MapState.js";
import { chebyshev, type Tile } from "../../../src/services/rules/distance.js";
import type { ShopView } from "../../../src/protocol/index.js";
import { boothInReach, quantityWords, withinGoal } from "../logic/economyPlan.js";
import type { RefusalContext } from "../logic/refusalWords.js";
import type { Walker, WalkOutcome } from "../logic/Walker.js";

/** What the bank and the shops need of the game. */
export interface EconomyDeps {
  state(): MapState | null;
  me(): PlayerState | undefined;
  personal(): PersonalState | undefined;
  /** The bank booths of the map shown (none before it is drawn). */
  booths(): readonly Tile[];
  rules(): Pick<PublicRules, "bankReachTiles" | "shopReachTiles">;
  kind(kind: string): NpcKindInfo | undefined;
  item(itemId: number): ItemDefinition | undefined;
  walker: Walker;
  send(type: string, payload: Record<string, unknown>): Promise<CommandResult>;
  explain(result: CommandResult, context: RefusalContext): void;
  notice(words: string, kind?: "info" | "error"): void;
  /** `GET /shops/:id`. */
  fetchShop(shopId: string): Promise<ShopView>;
  /** Something the windows show changed (opened, closed, new stock). */
  changed(): void;
}

/** The window open at a booth or a shopkeeper. */
export type EconomyWindow = { type: "bank" } | { type: "shop"; npcId: number; shopId: string };

/**
 * The bank and the shops: a click on a bank booth walks within the bank's reach (`bankReachTiles`, the
 * shared Chebyshev distance) and opens the bank; a click on a shopkeeper (an NPC whose kind keeps a shop)
 * walks within its reach and opens the shop with its stock (`GET /shops/:id`, loaded again after each buy
 * or sell). Walking out of reach closes the window. Every refusal is said in words.
 */
export class EconomyController {
  open: EconomyWindow | null = null;
  /** The open shop's stock and prices, as last loaded. */
  shop: ShopView | null = null;
  /** What is being walked up to ("the bank booth", "the Shopkeeper"), before its window opens. */
  approaching: string | null = null;
  private walkNo = 0;
  private shopLoadNo = 0;

  constructor(private readonly deps: EconomyDeps) {}

  /** Whether an NPC keeps a shop (its kind's `shop`). */
  shopOf(npcId: number): string | null {
    const npc = this.deps.state()?.npcs.get(String(npcId));
    return npc ? (this.deps.kind(npc.kind)?.shop ?? null) : null;
  }

  /** Walks within reach of the bank booth on `booth` and opens the bank. */
  useBooth(booth: Tile): void {
    const reach = this.deps.rules().bankReachTiles;
    this.walkThen(withinGoal("the bank booth", () => booth, reach), () => this.show({ type: "bank" }));
  }

  /** Walks within reach of a shopkeeper and opens its shop. */
  useShopkeeper(npcId: number): void {
    const shopId = this.shopOf(npcId);
    if (!shopId) return;
    const name = `the ${this.npcName(npcId)}`;
    // One tile closer than the reach: a shopkeeper wanders, and the window should not close at its first step.
    const reach = Math.max(0, Math.min(1, this.deps.rules().shopReachTiles));
    this.walkThen(withinGoal(name, () => this.npcAt(npcId), reach), () => this.show({ type: "shop", npcId, shopId }));
  }

  /** Every frame: closes the window once the player is out of its reach (walked away, teleported, map change). */
  update(): void {
    const open = this.open;
    const me = this.deps.me();
    if (!open || !me) return;
    if (open.type === "bank" && !boothInReach(this.deps.booths(), me, this.deps.rules().bankReachTiles)) {
      this.close("You walked away from the bank.");
    } else if (open.type === "shop") {
      const at = this.npcAt(open.npcId);
      if (!at || chebyshev(me, at) > this.deps.rules().shopReachTiles) this.close(`You walked away from the ${this.npcName(open.npcId)}.`);
    }
  }

  /** Closes the window (with words for the player, if any), and forgets a walk toward one. */
  close(words?: string): void {
    this.walkNo++;
    this.approaching = null;
    const was = this.open;
    this.open = null;
    this.shop = null;
    if (was && words) this.deps.notice(words);
    if (was) this.deps.changed();
  }

  async deposit(slot: number, quantity?: number): Promise<void> {
    const stack = this.deps.personal()?.inventory.get(String(slot));
    const result = await this.command("bank:deposit", quantity === undefined ? { slot } : { slot, quantity });
    if (result.ok && stack) this.deps.notice(`You deposit ${quantityWords(this.itemName(stack.itemId), quantity ?? stack.quantity)}.`);
  }

  async depositAll(): Promise<void> {
    const result = await this.command("bank:depositAll", {});
    if (result.ok) this.deps.notice("You deposit everything you carry.");
  }

  async withdraw(bankSlot: number, quantity?: number): Promise<void> {
    const stack = this.deps.personal()?.bank.get(String(bankSlot));
    const result = await this.command("bank:withdraw", quantity === undefined ? { bankSlot } : { bankSlot, quantity });
    const got = (result.data as { quantity?: number } | undefined)?.quantity ?? 0;
    if (!result.ok || !stack) return;
    const wanted = quantity ?? stack.quantity;
    this.deps.notice(`You withdraw ${quantityWords(this.itemName(stack.itemId), got)}${got < wanted ? " (your inventory is full)" : ""}.`);
  }

  async buy(itemId: number, quantity: number): Promise<void> {
    const open = this.open;
    if (open?.type !== "shop") return;
    const result = await this.command("shop:buy", { npcId: open.npcId, itemId, quantity });
    if (result.ok) {
      const data = result.data as { quantity: number; cost: number };
      this.deps.notice(`You buy ${quantityWords(this.itemName(itemId), data.quantity)} for ${data.cost.toLocaleString("en")} coins${data.quantity < quantity ? " (all you could)" : ""}.`);
    }
    void this.loadShop();
  }

  async sell(slot: number, quantity?: number): Promise<void> {
    const open = this.open;
    if (open?.type !== "shop") return;
    const stack = this.deps.personal()?.inventory.get(String(slot));
    const result = await this.command("shop:sell", quantity === undefined ? { npcId: open.npcId, slot } : { npcId: open.npcId, slot, quantity });
    if (result.ok && stack) {
      const data = result.data as { quantity: number; coins: number };
      this.deps.notice(`You sell ${quantityWords(this.itemName(stack.itemId), data.quantity)} for ${data.coins.toLocaleString("en")} coins.`);
    }
    void this.loadShop();
  }

  /** Loads the open shop's stock and prices again. */
  async loadShop(): Promise<void> {
    const open = this.open;
    if (open?.type !== "shop") return;
    const loadNo = ++this.shopLoadNo;
    try {
      const shop = await this.deps.fetchShop(open.shopId);
      if (loadNo !== this.shopLoadNo || this.open !== open) return;
      this.shop = shop;
      this.deps.changed();
    } catch (err) {
      if (this.open === open) this.deps.notice(`The shop's stock cannot be loaded: ${err instanceof Error ? err.message : String(err)}.`, "error");
    }
  }

  /** The HUD's line while walking up to a booth or a shopkeeper. */
  describe(): string | null {
    return this.approaching === null ? null : `Going to ${this.approaching}`;
  }

  private show(window: EconomyWindow): void {
    this.open = window;
    this.shop = null;
    this.deps.changed();
    if (window.type === "shop") void this.loadShop();
  }

  private walkThen(goal: ReturnType<typeof withinGoal>, act: () => void): void {
    const me = this.deps.me();
    if (!me) return;
    this.close();
    if (goal.isGoal(me.x, me.y)) return act();
    const walkNo = ++this.walkNo;
    this.approaching = goal.label;
    this.deps.changed();
    this.deps.walker.walkTo({
      goal,
      onEnd: (outcome: WalkOutcome) => {
        if (walkNo !== this.walkNo) return;
        this.approaching = null;
        this.deps.changed();
        if (outcome === "arrived") act();
        else if (outcome === "unreachable") this.deps.notice(`There is no way to reach ${goal.label}.`, "error");
      },
    });
  }

  private async command(type: string, payload: Record<string, unknown>): Promise<CommandResult> {
    const result = await this.deps.send(type, payload);
    this.deps.explain(result, {});
    return result;
  }

  private npcAt(npcId: number): Tile | null {
    const npc = this.deps.state()?.npcs.get(String(npcId));
    return npc && npc.hp > 0 ? { x: npc.x, y: npc.y } : null;
  }

  private npcName(npcId: number): string {
    const kind = this.deps.state()?.npcs.get(String(npcId))?.kind ?? "";
    return this.deps.kind(kind)?.displayName ?? kind.replace(/_/g, " ");
  }

  private itemName(itemId: number): string {
    return this.deps.item(itemId)?.displayName ?? `item ${itemId}`;
  }
}
