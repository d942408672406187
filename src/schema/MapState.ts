import { MapSchema, Schema, type, view } from "@colyseus/schema";

/** One stack in an inventory or equipment slot; durability -1: the item has none. */
export class ItemStackState extends Schema {
  @type("number") itemId = 0;
  @type("number") quantity = 0;
  @type("number") durability = -1;
}

export class SkillStateSchema extends Schema {
  @type("number") level = 1;
  @type("number") xp = 0;
}

/** Equipment totals. */
export class StatsState extends Schema {
  @type("number") attack = 0;
  @type("number") strength = 0;
  @type("number") defence = 0;
  @type("number") ranged = 0;
  @type("number") magic = 0;
  @type("number") health = 0;
}

/** What only the owning client receives: inventory, equipment, skills, stats, combat style, bank and activity. */
export class PersonalState extends Schema {
  @type({ map: ItemStackState }) inventory = new MapSchema<ItemStackState>();
  @type({ map: ItemStackState }) equipment = new MapSchema<ItemStackState>();
  @type({ map: SkillStateSchema }) skills = new MapSchema<SkillStateSchema>();
  @type(StatsState) stats = new StatsState();
  @type("string") combatStyle = "accurate";
  /** Keyed by bank slot ("0".."399"); an empty slot has no entry. */
  @type({ map: ItemStackState }) bank = new MapSchema<ItemStackState>();
  /** What the player is doing: "", "gathering" or "cooking". */
  @type("string") activity = "";
}

export class PlayerState extends Schema {
  @type("number") id = 0;
  @type("string") username = "";
  @type("number") x = 0;
  @type("number") y = 0;
  @type("string") facing = "down";
  @type("number") hp = 0;
  @type("number") maxHp = 0;
  @type("boolean") dead = false;
  @type("number") combatLevel = 3;
}

/** An NPC in sight; a dead one is removed and comes back with the same id. */
export class NpcState extends Schema {
  @type("number") id = 0;
  @type("string") kind = "";
  @type("number") x = 0;
  @type("number") y = 0;
  @type("string") facing = "down";
  @type("number") hp = 0;
  @type("number") maxHp = 0;
  @type("number") combatLevel = 1;
}

export class GroundItemState extends Schema {
  @type("number") id = 0;
  @type("number") itemId = 0;
  @type("number") x = 0;
  @type("number") y = 0;
  @type("number") quantity = 0;
}

/** A tree, rock, fishing spot, fire or range in sight; `depleted` until it comes back. */
export class ResourceState extends Schema {
  @type("number") id = 0;
  @type("string") kind = "";
  @type("number") x = 0;
  @type("number") y = 0;
  @type("boolean") depleted = false;
}

/**
 * The state of one map room. Players, NPCs, resources and ground items reach a client only when its view holds them
 * (area of interest, protection); each client's view holds its own `personal` entry and no other.
 */
export class MapState extends Schema {
  @type("string") mapId = "";
  @view() @type({ map: PlayerState }) players = new MapSchema<PlayerState>();
  @view() @type({ map: NpcState }) npcs = new MapSchema<NpcState>();
  @view() @type({ map: ResourceState }) resources = new MapSchema<ResourceState>();
  @view() @type({ map: GroundItemState }) groundItems = new MapSchema<GroundItemState>();
  @view() @type({ map: PersonalState }) personal = new MapSchema<PersonalState>();
}
