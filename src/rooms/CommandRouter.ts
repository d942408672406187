import type { Logger } from "pino";
import type { BankService } from "../services/BankService.js";
import type { CombatService } from "../services/CombatService.js";
import type { ChatDelivery, ChatService } from "../services/ChatService.js";
import type { EquipmentService } from "../services/EquipmentService.js";
import type { FoodService } from "../services/FoodService.js";
import type { Cooldowns } from "../services/Cooldowns.js";
import type { GroundItemService } from "../services/GroundItemService.js";
import type { HpService } from "../services/HpService.js";
import type { InventoryService } from "../services/InventoryService.js";
import type { ItemService } from "../services/ItemService.js";
import type { ModerationService } from "../services/ModerationService.js";
import type { MovementService } from "../services/MovementService.js";
import { fail, ok, type Result } from "../services/results.js";
import type { ShopService } from "../services/ShopService.js";
import type { TradeBook, TradeNotice } from "../services/trade/TradeBook.js";
import type { SkillService } from "../services/SkillService.js";
import type { GameStateManager } from "../state/GameStateManager.js";
import type { StoredGroundItem } from "../state/GroundItemHotState.js";
import { isStorageFault } from "../state/errors.js";
import type { Bank, Role } from "../state/types.js";
import { COMMAND_SCHEMAS, isCommandType, seqOf, type CommandPayload, type CommandResult, type CommandType } from "../protocol/index.js";
import { INTERRUPTING_COMMANDS } from "../services/rules/gathering.js";
import { tradeHandlers } from "./tradeHandlers.js";
import type { CombatCommands, GatheringCommands } from "./WorldDriver.js";

export interface Actor {
  playerId: number;
  username: string;
  /** The role when the client joined, for display (chat); privileged commands read the current one. */
  role: Role;
}

/** What a command changed beyond its own result, for the room to show. */
export interface Effects {
  /** Players whose stored state changed (the actor, or an admin command's target). */
  players: Set<number>;
  /** Ground items the command added, removed or changed (the room shows them without listing the map). */
  ground: GroundChange[];
  facing?: string;
  /** Chat lines to deliver. */
  chat: ChatDelivery[];
  /** Banks a command changed, as they are now (only their owner sees them). */
  banks?: Map<number, Bank>;
  /** Trade messages to send once the change is shown (also after a refusal: a refused completion reopens). */
  trade?: TradeNotice[];
}

/** `item`: the item as stored, when the command knows it (the room then shows it without reading it). */
export type GroundChange =
  | { kind: "added"; id: number; item?: StoredGroundItem }
  | { kind: "removed"; id: number }
  | { kind: "quantity"; id: number; quantity: number; version: number };

export interface RouterDeps {
  gsm: GameStateManager;
  items: ItemService;
  inventory: InventoryService;
  equipment: EquipmentService;
  groundItems: GroundItemService;
  hp: HpService;
  skills: SkillService;
  movement: MovementService;
  combat: CombatService;
  food: FoodService;
  bank: BankService;
  shops: ShopService;
  /** The room's trades. */
  tradeBook: TradeBook;
  /** The room's world: targets, swings, spawns, shopkeepers, gathering and cooking. */
  world: CombatCommands & GatheringCommands;
  cooldowns: Cooldowns;
  chat: ChatService;
  moderation: ModerationService;
  isDead: (playerId: number) => boolean;
  /** The room's copy of a ground item of its map (what a pickup plans on without reading it). */
  groundItemOf?: (groundItemId: number) => StoredGroundItem | undefined;
  log: Logger;
}

/** Who may send the privileged commands, by type prefix (PROTOCOL.md "Roles"). */
const REQUIRED_ROLES: ReadonlyArray<{ prefix: string; roles: readonly Role[]; message: string }> = [
  { prefix: "admin:", roles: ["admin"], message: "admins only" },
  { prefix: "mod:", roles: ["moderator", "admin"], message: "moderators and admins only" },
];

export type Handler<T extends CommandType> = (actor: Actor, payload: CommandPayload<T>, effects: Effects) => Promise<Result<unknown>>;

/**
 * Runs one client command through the protocol's checks, in order: payload shape (INVALID_PAYLOAD), role
 * (FORBIDDEN; read from the hot state on every privileged command, so a role change applies at once),
 * alive (DEAD), cooldown (RATE_LIMITED, judged by the command's arrival), then the service's rule. Always
 * answers exactly one result; a refused command spends no cooldown. Storage faults answer UNAVAILABLE,
 * bugs INTERNAL. The caller runs one player's commands one at a time (CommandQueue).
 */
export class CommandRouter {
  private readonly handlers: { [T in CommandType]: Handler<T> };

  constructor(private readonly deps: RouterDeps) {
    const { inventory, groundItems, equipment, movement, hp, skills, items, combat, food, world, chat, moderation, bank, shops, tradeBook } = deps;
    const banked = <T extends { bank: Bank }>(a: Actor, e: Effects, outcome: Result<T>, data: (t: T) => unknown) => {
      if (!outcome.ok) return outcome;
      (e.banks ??= new Map()).set(a.playerId, outcome.data.bank);
      return ok(data(outcome.data));
    };
    const moderator = (a: Actor) => ({ id: a.playerId, username: a.username });
    this.handlers = {
      move: async (a, p, e) => {
        const moved = await movement.move(a.playerId, p.dir);
        if (!moved.ok) return moved;
        e.facing = moved.data.facing;
        world.stopAttack(a.playerId);
        return ok(undefined);
      },
      "inventory:move": (a, p) => inventory.moveItem(a.playerId, p.from, p.to),
      "inventory:drop": async (a, p, e) => {
        const dropped = await groundItems.drop(a.playerId, p.slot, p.quantity);
        if (!dropped.ok) return dropped;
        const { groundItemId, groundItem } = dropped.data;
        e.ground.push({ kind: "added", id: groundItemId, item: groundItem });
        return ok({ groundItemId });
      },
      "ground:pickup": async (a, p, e) => {
        const taken = await groundItems.pickup(a.playerId, p.id, deps.groundItemOf?.(p.id));
        if (!taken.ok) return taken;
        const { quantity, remaining, groundItemVersion } = taken.data;
        e.ground.push(remaining > 0 ? { kind: "quantity", id: p.id, quantity: remaining, version: groundItemVersion } : { kind: "removed", id: p.id });
        return ok({ quantity, remaining });
      },
      equip: (a, p) => equipment.equip(a.playerId, p.slot),
      unequip: (a, p) => equipment.unequip(a.playerId, p.slot),
      attack: (a, p) =>
        Promise.resolve(world.attack(a.playerId, p.npcId !== undefined ? { type: "npc", id: p.npcId } : { type: "player", id: p.playerId! })),
      "attack:stop": (a) => {
        world.stopAttack(a.playerId);
        return Promise.resolve(ok(undefined));
      },
      "combat:style": (a, p) => combat.setStyle(a.playerId, p.style),
      eat: async (a, p) => {
        const eaten = await food.eat(a.playerId, p.slot);
        if (eaten.ok) world.ate(a.playerId);
        return eaten;
      },
      "bank:deposit": async (a, p, e) => banked(a, e, await bank.deposit(a.playerId, p.slot, p.quantity), () => undefined),
      "bank:depositAll": async (a, _p, e) => banked(a, e, await bank.depositAll(a.playerId), () => undefined),
      "bank:withdraw": async (a, p, e) => banked(a, e, await bank.withdraw(a.playerId, p.bankSlot, p.quantity), (d) => ({ quantity: d.quantity })),
      "bank:move": async (a, p, e) => banked(a, e, await bank.move(a.playerId, p.from, p.to), () => undefined),
      "shop:buy": async (a, p) => {
        const keeper = world.shopkeeper(a.playerId, p.npcId);
        return keeper.ok ? shops.buy(a.playerId, keeper.data, p.itemId, p.quantity) : keeper;
      },
      "shop:sell": async (a, p) => {
        const keeper = world.shopkeeper(a.playerId, p.npcId);
        return keeper.ok ? shops.sell(a.playerId, keeper.data, p.slot, p.quantity) : keeper;
      },
      ...tradeHandlers(tradeBook),
      "admin:spawn": (a, p) => Promise.resolve(world.spawn(a.playerId, p.kind, p.x, p.y)),
      gather: (a, p) => Promise.resolve(world.gather(a.playerId, p.resourceId)),
      cook: (a, p) => Promise.resolve(world.cook(a.playerId, p.slot, p.resourceId)),
      chat: async (a, p, e) => {
        const sent = await chat.send({ id: a.playerId, username: a.username, role: a.role }, p);
        if (sent.ok) e.chat.push(...sent.data);
        return sent.ok ? ok(undefined) : sent;
      },
      "mod:mute": async (a, p, e) => {
        const muted = await moderation.mute(moderator(a), p.username, p.minutes);
        if (muted.ok) e.chat.push(muted.data.notice);
        return muted.ok ? ok(undefined) : muted;
      },
      "mod:unmute": async (a, p, e) => {
        const unmuted = await moderation.unmute(moderator(a), p.username);
        if (unmuted.ok) e.chat.push(unmuted.data.notice);
        return unmuted.ok ? ok(undefined) : unmuted;
      },
      "mod:kick": (a, p) => moderation.kick(moderator(a), p.username, p.reason),
      "admin:announce": (a, p, e) => {
        const announced = moderation.announce(moderator(a), p.text);
        if (announced.ok) e.chat.push(announced.data);
        return Promise.resolve(announced.ok ? ok(undefined) : announced);
      },
      "admin:give": (a, p, e) =>
        this.onTarget(a, p.username, e, (id) =>
          items.getById(p.itemId)
            ? inventory.addItem(id, p.itemId, p.quantity, { mode: "all" })
            : Promise.resolve(fail("NOT_FOUND", `no item ${p.itemId}`))),
      "admin:damage": (a, p, e) =>
        this.onTarget(a, p.username, e, async (id) => {
          const damaged = await hp.dealDamage(id, p.amount);
          if (damaged.ok) for (const dropped of damaged.data.groundItemIds) e.ground.push({ kind: "added", id: dropped });
          return damaged;
        }),
      "admin:xp": (a, p, e) => this.onTarget(a, p.username, e, (id) => skills.addExperience(id, p.skill, p.xp)),
      "admin:teleport": (a, p, e) =>
        this.onTarget(a, p.username, e, async (id) => {
          const mapId = p.mapId ?? (await deps.gsm.getPlayerPosition(id))?.mapId ?? "";
          return movement.teleport(id, { mapId, x: p.x, y: p.y });
        }),
    };
  }

  /**
   * `arrivedMs`: when the command's message was read, on the cooldowns' clock; `readDelayCreditMs`: how long
   * before that it may have arrived, the server's loop being stalled or busy (see `Cooldowns.accept`).
   */
  async handle(actor: Actor, type: string, payload: unknown, arrivedMs: number, readDelayCreditMs = 0): Promise<{ result: CommandResult; effects: Effects }> {
    const effects: Effects = { players: new Set([actor.playerId]), ground: [], chat: [] };
    const answer = (result: Result<unknown>, retryAfterMs?: number): { result: CommandResult; effects: Effects } => {
      const seq = seqOf(payload);
      if (result.ok) return { result: { seq, type, ok: true, ...(result.data === undefined ? {} : { data: result.data }) }, effects };
      const wait = retryAfterMs ?? result.retryAfterMs;
      return { result: { seq, type, ok: false, code: result.code, message: result.message, ...(wait === undefined ? {} : { retryAfterMs: wait }) }, effects };
    };
    if (!isCommandType(type)) return answer(fail("INVALID_PAYLOAD", `unknown message type "${type}"`));
    const commandType: CommandType = type;
    const parsed = COMMAND_SCHEMAS[commandType].safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return answer(fail("INVALID_PAYLOAD", issue ? `${issue.path.join(".") || "payload"}: ${issue.message}` : "invalid payload"));
    }
    const needed = REQUIRED_ROLES.find((r) => commandType.startsWith(r.prefix));
    if (needed) {
      let role: Role | null;
      try {
        role = await this.deps.gsm.getPlayerRole(actor.playerId);
      } catch (err) {
        return answer(this.faultResult(err, actor, commandType));
      }
      if (role === null || !needed.roles.includes(role)) return answer(fail("FORBIDDEN", needed.message));
      actor = { ...actor, role };
    }
    if (this.deps.isDead(actor.playerId)) return answer(fail("DEAD", "you are dead"));
    const cooldown = this.deps.cooldowns.check(actor.playerId, commandType, arrivedMs);
    if (!cooldown.ok) return answer(fail("RATE_LIMITED", "too early"), cooldown.retryAfterMs);
    let result: Result<unknown>;
    try {
      result = await (this.handlers[commandType] as Handler<CommandType>)(actor, parsed.data, effects);
    } catch (err) {
      result = this.faultResult(err, actor, commandType);
    }
    if (result.ok) this.deps.cooldowns.accept(actor.playerId, commandType, arrivedMs, readDelayCreditMs);
    if (result.ok && INTERRUPTING_COMMANDS.has(commandType)) this.deps.world.interrupt(actor.playerId);
    return answer(result);
  }

  private async onTarget(actor: Actor, username: string | undefined, effects: Effects, run: (id: number) => Promise<Result<unknown>>) {
    let target = actor.playerId;
    if (username !== undefined) {
      const id = await this.deps.gsm.getPlayerIdByUsername(username);
      if (id === null || !(await this.deps.gsm.isOnline(id))) return fail("NOT_FOUND", `${username} is not online`);
      target = id;
    }
    effects.players.add(target);
    return run(target);
  }

  private faultResult(err: unknown, actor: Actor, type: string): Result<never> {
    const unavailable = isStorageFault(err);
    this.deps.log.error({ err, playerId: actor.playerId, type }, unavailable ? "storage unavailable" : "command failed");
    return unavailable ? fail("UNAVAILABLE", "storage unreachable: nothing changed, try again") : fail("INTERNAL", "internal error");
  }
}
