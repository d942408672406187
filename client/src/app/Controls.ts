import type { Direction } from "../../../src/protocol/index.js";
import type { WorldClick } from "../game/WorldScene.js";
import { boothAt } from "../logic/economyPlan.js";
import { tileGoal } from "../logic/walkPlan.js";
import type { WalkOutcome } from "../logic/Walker.js";
import { typingInField } from "../ui/dom.js";
import type { App } from "./App.js";

const MOVE_KEYS: Record<string, Direction> = {
  ArrowUp: "up", ArrowDown: "down", ArrowLeft: "left", ArrowRight: "right",
  w: "up", s: "down", a: "left", d: "right", W: "up", S: "down", A: "left", D: "right",
};

/**
 * What the player's keys and clicks do. Keys: arrows or WASD walk, G or Space picks up what is underfoot,
 * F attacks the nearest NPC, Esc closes the bank or shop (else stops fighting), I E K C open the panels, Enter or / the chat. A click on
 * an NPC attacks it (a shopkeeper opens its shop), on a player inside a PvP area attacks them (elsewhere asks
 * them to trade), on a bank booth opens the bank, on a resource gathers from it (or cooks
 * there), on a ground item picks it up, elsewhere walks there. A dead player waits for the respawn.
 */
export class Controls {
  constructor(private readonly app: App) {}

  click(click: WorldClick): void {
    const { app } = this;
    const me = app.me();
    if (!me || me.dead) return;
    if (click.npcId !== null && app.economy.shopOf(click.npcId) !== null) {
      app.scene.markTarget(null);
      app.combat.disengage();
      app.economy.useShopkeeper(click.npcId);
      return;
    }
    if (click.npcId !== null) {
      app.scene.markTarget(null);
      app.combat.engage({ type: "npc", id: click.npcId });
      return;
    }
    const other = click.playerId === null ? undefined : app.session.state?.players.get(String(click.playerId));
    if (other && !other.dead && app.gameMap?.inPvpArea(other.x, other.y)) {
      app.scene.markTarget(null);
      app.combat.engage({ type: "player", id: other.id });
      return;
    }
    app.combat.disengage();
    if (other && !other.dead && other.id !== me.id) {
      app.scene.markTarget(null);
      app.trading.request(other.id);
      return;
    }
    const booth = app.gameMap ? boothAt(app.gameMap.banks, click.x, click.y) : null;
    if (booth) {
      app.scene.markTarget(null);
      app.economy.useBooth(booth);
      return;
    }
    if (click.resourceId !== null) {
      app.scene.markTarget(null);
      app.gathering.use(click.resourceId);
      return;
    }
    this.walkTo(click.x, click.y);
  }

  /** Picks up what lies under the player (the first item of the tile). */
  async pickUpUnderfoot(): Promise<void> {
    const me = this.app.me();
    if (!me) return;
    let first: { id: number; itemId: number } | undefined;
    this.app.session.state?.groundItems.forEach((g) => {
      if (!first && g.x === me.x && g.y === me.y) first = g;
    });
    if (!first) return this.app.notice("There is nothing here to pick up.", "error");
    await this.pickUp(first.id, first.itemId);
  }

  onKeyDown(e: KeyboardEvent): void {
    const { app } = this;
    if (!app.playing || e.ctrlKey || e.metaKey || e.altKey) return;
    if (typingInField(e)) return;
    const onButton = (e.target as HTMLElement | null)?.tagName === "BUTTON";
    if (onButton && (e.key === "Enter" || e.key === " ")) return;
    const dead = app.me()?.dead === true;
    const dir = MOVE_KEYS[e.key];
    if (dir) {
      e.preventDefault();
      if (!e.repeat && !dead) {
        app.scene.markTarget(null);
        app.combat.disengage();
        app.walker.press(dir);
      }
      return;
    }
    const key = e.key.toLowerCase();
    if (key === "g" || key === " ") {
      e.preventDefault();
      if (!e.repeat && !dead) void this.pickUpUnderfoot();
    } else if (key === "f") {
      e.preventDefault();
      if (!e.repeat && !dead) app.combat.attackNearest();
    } else if (e.key === "Escape") {
      if (app.economy.open) {
        e.preventDefault();
        app.economy.close();
        return;
      }
      if (!app.combat.focus) return;
      e.preventDefault();
      app.combat.disengage();
      app.walker.stop();
    } else if (key === "i" || key === "e" || key === "k" || key === "c") {
      e.preventDefault();
      app.panels.show(key === "i" ? "inventory" : key === "e" ? "equipment" : key === "k" ? "skills" : "combat");
    } else if (e.key === "Enter" || e.key === "/") {
      e.preventDefault();
      app.chat.focus();
      if (e.key === "/") app.chat.input.value = "/";
    }
  }

  onKeyUp(e: KeyboardEvent): void {
    const dir = MOVE_KEYS[e.key];
    if (dir) this.app.walker.release(dir);
  }

  private walkTo(x: number, y: number): void {
    const { app } = this;
    const map = app.gameMap;
    if (!map) return;
    if (map.isBlocked(x, y)) return app.notice("You cannot walk there.", "error");
    let item: { id: number; itemId: number } | undefined;
    app.session.state?.groundItems.forEach((g) => {
      if (!item && g.x === x && g.y === y) item = g;
    });
    const goal = tileGoal(x, y, item ? (app.items.get(item.itemId)?.displayName ?? "the item") : undefined);
    app.scene.markTarget({ x, y });
    app.walker.walkTo({
      goal,
      onEnd: (outcome: WalkOutcome) => {
        if (app.walker.goal === null) app.scene.markTarget(null);
        if (outcome === "unreachable") app.notice(`There is no way to ${goal.label}.`, "error");
        if (outcome === "arrived" && item) void this.pickUp(item.id, item.itemId);
      },
    });
  }

  private async pickUp(groundItemId: number, itemId: number): Promise<void> {
    const result = await this.app.command("ground:pickup", { id: groundItemId });
    if (!result.ok) return;
    const data = result.data as { quantity?: number; remaining?: number } | undefined;
    const name = this.app.items.get(itemId)?.displayName ?? "the item";
    const left = data?.remaining ? ` (${data.remaining} left: your inventory is full)` : "";
    this.app.notice(`You pick up ${data?.quantity && data.quantity > 1 ? `${data.quantity} x ` : ""}${name}${left}.`);
  }
}
