import type { MapResource } from "../../content/GameMap.js";
import type { ItemDefinition } from "../../content/ItemDefinition.js";
import type { ResourceKind } from "../../content/ResourceKind.js";
import { cookingRecipeFor } from "../../content/cookingRecipes.js";
import { isCookingPlace, resourceKindByName } from "../../content/resourceKinds.js";
import type { SkillName } from "../../protocol/names.js";
import type { Activity } from "../../protocol/messages.js";
import type { Inventory, ItemStack } from "../../state/types.js";
import { fail, ok, type Result } from "../results.js";
import { chebyshev, type Tile } from "../rules/distance.js";
import {
  burnChance, gatherChance, inGatherReach, meetsCookingLevel, meetsGatherLevel, planCooked, planGathered, resourceRespawnTicks,
  toolBonusFor,
} from "../rules/gathering.js";
import type { RandomSource } from "../rules/random.js";
import { applySlotPlan } from "../rules/slotPlan.js";
import { skillLevel } from "../rules/skillLevel.js";
import type { Holdings, ResourceView, WorldEvent, WorldPlayer } from "./worldTypes.js";

/** The catalogue as gathering needs it. */
export interface GatheringItems {
  getById: (id: number) => ItemDefinition | undefined;
  getByName: (name: string) => ItemDefinition | undefined;
  maxStackOf: (id: number) => number;
}

export interface GatheringOptions {
  /** The map's resources (ids, kinds and tiles). Unknown kinds are left out. */
  resources: readonly MapResource[];
  items: GatheringItems;
  /** Ticks between two attempts of one player (GAME_RULES: 4). */
  attemptTicks: number;
  inventorySlots: number;
}

interface Resource {
  readonly id: number;
  readonly kind: ResourceKind;
  readonly x: number;
  readonly y: number;
  depleted: boolean;
  respawnAtTick: number;
}

interface Doing {
  action: "gather" | "cook";
  resourceId: number;
  /** Where the player stood when it began: any change of position ends it. */
  at: Tile;
  nextAttemptTick: number;
  /** Cooking: the raw item and the slot to take it from first. */
  rawItemId: number;
  slot: number;
}

/** What the world's clock and scales are, for respawn times. */
export interface GatheringClock {
  tickMs: number;
  respawnScale: number;
  areaOfInterestTiles: number;
}

/**
 * The resources of one map (trees, rocks, fishing spots, fires, ranges: depletion and respawn on the tick
 * clock) and the players gathering from or cooking at them (GAME_RULES "Gathering and cooking"). Part of
 * the map world: it decides each attempt with the random source of the step and reports it as an event for
 * the room to commit; meanwhile it applies the attempt to its own mirror of the player's inventory, which
 * the room replaces with the stored state once the attempt is committed.
 */
export class Gathering {
  private readonly resources = new Map<number, Resource>();
  private readonly activities = new Map<number, Doing>();

  constructor(
    private readonly options: GatheringOptions,
    private readonly clock: GatheringClock,
  ) {
    for (const placed of options.resources) {
      const kind = resourceKindByName(placed.kind);
      if (kind) this.resources.set(placed.id, { id: placed.id, kind, x: placed.x, y: placed.y, depleted: false, respawnAtTick: 0 });
    }
  }

  /**
   * Starts gathering from `resourceId` (replacing any activity); the first attempt comes `attemptTicks`
   * after `tick`. NOT_FOUND (no such resource to gather from in sight), TOO_FAR, DEPLETED,
   * REQUIREMENTS_NOT_MET (the level, or only tools the player may not use), NO_TOOL, INVENTORY_FULL.
   */
  gather(player: WorldPlayer, resourceId: number, tick: number): Result<void> {
    const resource = this.visibleResource(player, resourceId);
    if (!resource || isCookingPlace(resource.kind)) return fail("NOT_FOUND", `no resource ${resourceId} to gather from in sight`);
    const can = this.canGather(player, resource);
    if (!can.ok) return can;
    this.activities.set(player.id, { action: "gather", resourceId, at: { x: player.x, y: player.y }, nextAttemptTick: tick + this.options.attemptTicks, rawItemId: 0, slot: 0 });
    return ok(undefined);
  }

  /**
   * Starts cooking the raw food in inventory `slot` at the fire or range `resourceId`, through every item of
   * that kind in the inventory. INVALID_SLOT, SLOT_EMPTY, NOT_FOUND (no fire or range of that id in sight),
   * TOO_FAR, NOT_COOKABLE, REQUIREMENTS_NOT_MET.
   */
  cook(player: WorldPlayer, slot: number, resourceId: number, tick: number): Result<void> {
    const { inventorySlots, attemptTicks } = this.options;
    if (!Number.isInteger(slot) || slot < 0 || slot >= inventorySlots) return fail("INVALID_SLOT", `slot ${slot} is outside 0..${inventorySlots - 1}`);
    const stack = inventoryOf(player).get(slot);
    if (!stack) return fail("SLOT_EMPTY", `inventory slot ${slot} is empty`);
    const resource = this.visibleResource(player, resourceId);
    if (!resource || !isCookingPlace(resource.kind)) return fail("NOT_FOUND", `no fire or range ${resourceId} in sight`);
    if (!inGatherReach(player, resource)) return fail("TOO_FAR", `the ${resource.kind.displayName.toLowerCase()} is not in reach`);
    const recipe = this.recipeOf(stack.itemId);
    if (!recipe) return fail("NOT_COOKABLE", `${this.options.items.getById(stack.itemId)?.displayName ?? `item ${stack.itemId}`} cannot be cooked`);
    const level = meetsCookingLevel(recipe, levelOf(player, "cooking"));
    if (!level.ok) return level;
    this.activities.set(player.id, { action: "cook", resourceId, at: { x: player.x, y: player.y }, nextAttemptTick: tick + attemptTicks, rawItemId: stack.itemId, slot });
    return ok(undefined);
  }

  /** Ends the player's activity; true when there was one. */
  stop(playerId: number): boolean {
    return this.activities.delete(playerId);
  }

  /** What the player is doing: "gathering", "cooking" or "". */
  activityOf(playerId: number): Activity {
    const action = this.activities.get(playerId)?.action;
    return action === "gather" ? "gathering" : action === "cook" ? "cooking" : "";
  }

  /** The player's mirror changed: a move, a teleport or death ends its activity (reported in `events`). */
  playerChanged(player: WorldPlayer, events: WorldEvent[]): void {
    const activity = this.activities.get(player.id);
    if (activity && (!player.alive || player.x !== activity.at.x || player.y !== activity.at.y)) this.end(player.id, "INTERRUPTED", events);
  }

  /** One tick: depleted resources whose time has come return, then every due attempt, players in id order. */
  step(tick: number, random: RandomSource, playerOf: (id: number) => WorldPlayer | undefined, events: WorldEvent[]): void {
    for (const resource of this.resources.values()) {
      if (resource.depleted && tick >= resource.respawnAtTick) {
        resource.depleted = false;
        events.push({ type: "resourceChanged", resourceId: resource.id });
      }
    }
    for (const playerId of [...this.activities.keys()].sort((a, b) => a - b)) {
      const activity = this.activities.get(playerId);
      if (!activity || tick < activity.nextAttemptTick) continue;
      const player = playerOf(playerId);
      if (!player?.alive) {
        this.end(playerId, "INTERRUPTED", events);
        continue;
      }
      activity.nextAttemptTick = tick + this.options.attemptTicks;
      if (activity.action === "gather") this.gatherAttempt(player, activity, tick, random, events);
      else this.cookAttempt(player, activity, random, events);
    }
  }

  /** Every resource as clients see it. */
  views(): ResourceView[] {
    return [...this.resources.values()].map(viewOf);
  }

  view(resourceId: number): ResourceView | undefined {
    const resource = this.resources.get(resourceId);
    return resource ? viewOf(resource) : undefined;
  }

  private gatherAttempt(player: WorldPlayer, activity: Doing, tick: number, random: RandomSource, events: WorldEvent[]): void {
    const resource = this.resources.get(activity.resourceId)!;
    const can = this.canGather(player, resource);
    if (!can.ok) return this.end(player.id, can.code, events);
    const { kind } = resource;
    const base = { type: "attempt", playerId: player.id, action: "gather", resourceId: resource.id, skill: kind.skill, raw: null } as const;
    if (random() >= gatherChance(levelOf(player, kind.skill), kind.requiredLevel, can.data.toolBonus)) {
      events.push({ ...base, itemId: null, xp: 0 });
      return;
    }
    events.push({ ...base, itemId: can.data.itemId, xp: kind.xp });
    const inventory = applySlotPlan(inventoryOf(player), can.data.plan);
    setInventory(player, inventory);
    if (kind.depleteChance >= 1 || (kind.depleteChance > 0 && random() < kind.depleteChance)) {
      resource.depleted = true;
      resource.respawnAtTick = tick + resourceRespawnTicks(kind.respawnMs, this.clock.respawnScale, this.clock.tickMs);
      events.push({ type: "resourceChanged", resourceId: resource.id });
      for (const [id, other] of this.activities) if (other.action === "gather" && other.resourceId === resource.id) this.end(id, "DEPLETED", events);
    } else if (!planGathered(inventory, can.data.itemId, this.options.items.maxStackOf, this.options.inventorySlots)) {
      this.end(player.id, "INVENTORY_FULL", events);
    }
  }

  private cookAttempt(player: WorldPlayer, activity: Doing, random: RandomSource, events: WorldEvent[]): void {
    const resource = this.resources.get(activity.resourceId)!;
    const recipe = this.recipeOf(activity.rawItemId);
    const inventory = inventoryOf(player);
    if (!recipe || ![...inventory.values()].some((s) => s.itemId === activity.rawItemId)) return this.end(player.id, "DONE", events);
    if (!inGatherReach(player, resource)) return this.end(player.id, "TOO_FAR", events);
    const cookingLevel = levelOf(player, "cooking");
    if (!meetsCookingLevel(recipe, cookingLevel).ok) return this.end(player.id, "REQUIREMENTS_NOT_MET", events);
    const burnt = random() < burnChance(cookingLevel, recipe.requiredLevel);
    const resultId = this.options.items.getByName(burnt ? recipe.burnt : recipe.cooked)!.id;
    const plan = planCooked(inventory, activity.rawItemId, activity.slot, resultId, this.options.items.maxStackOf, this.options.inventorySlots);
    if (!plan) return this.end(player.id, "INVENTORY_FULL", events);
    events.push({
      type: "attempt", playerId: player.id, action: "cook", resourceId: resource.id, skill: "cooking", itemId: resultId,
      xp: burnt ? 0 : recipe.xp, raw: { itemId: activity.rawItemId, slot: activity.slot },
    });
    const after = applySlotPlan(inventory, plan);
    setInventory(player, after);
    if (![...after.values()].some((s) => s.itemId === activity.rawItemId)) this.end(player.id, "DONE", events);
  }

  /** The checks every gathering attempt repeats: reach, depletion, level, tool, room for the item. */
  private canGather(player: WorldPlayer, resource: Resource): Result<{ toolBonus: number; itemId: number; plan: NonNullable<ReturnType<typeof planGathered>> }> {
    const { kind } = resource;
    if (!inGatherReach(player, resource)) return fail("TOO_FAR", `the ${kind.displayName.toLowerCase()} is not in reach`);
    if (resource.depleted) return fail("DEPLETED", `the ${kind.displayName.toLowerCase()} is depleted`);
    const level = meetsGatherLevel(kind, levelOf(player, kind.skill));
    if (!level.ok) return level;
    const tool = toolBonusFor(kind, this.heldItems(player), (skill) => levelOf(player, skill));
    if (!tool.ok) return tool;
    const item = this.options.items.getByName(kind.item ?? "");
    if (!item) return fail("NOT_FOUND", `${kind.displayName} gives nothing`);
    const plan = planGathered(inventoryOf(player), item.id, this.options.items.maxStackOf, this.options.inventorySlots);
    if (!plan) return fail("INVENTORY_FULL", "your inventory is full");
    return ok({ toolBonus: tool.data, itemId: item.id, plan });
  }

  private *heldItems(player: WorldPlayer): Generator<ItemDefinition> {
    for (const stack of [...inventoryOf(player).values(), ...(player.holdings?.equipment.values() ?? [])]) {
      const item = this.options.items.getById(stack.itemId);
      if (item) yield item;
    }
  }

  private recipeOf(itemId: number) {
    const name = this.options.items.getById(itemId)?.name;
    return name === undefined ? undefined : cookingRecipeFor(name);
  }

  private visibleResource(player: WorldPlayer, resourceId: number): Resource | undefined {
    const resource = this.resources.get(resourceId);
    return resource && chebyshev(player, resource) <= this.clock.areaOfInterestTiles ? resource : undefined;
  }

  private end(playerId: number, reason: string, events: WorldEvent[]): void {
    if (this.activities.delete(playerId)) events.push({ type: "activityEnded", playerId, reason });
  }
}

function viewOf(resource: Resource): ResourceView {
  return { id: resource.id, kind: resource.kind.kind, x: resource.x, y: resource.y, depleted: resource.depleted };
}

function levelOf(player: WorldPlayer, skill: SkillName): number {
  return player.holdings ? skillLevel(player.holdings.skills, skill) : 1;
}

function inventoryOf(player: WorldPlayer): ReadonlyMap<number, ItemStack> {
  return player.holdings?.inventory ?? new Map();
}

function setInventory(player: WorldPlayer, inventory: Inventory): void {
  const held: Holdings = player.holdings ?? { skills: new Map(), equipment: new Map(), inventory };
  player.holdings = { ...held, inventory };
}
