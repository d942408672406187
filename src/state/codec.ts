import {
  EQUIPMENT_SLOTS,
  SKILL_NAMES,
  type Equipment,
  type EquipmentSlot,
  type GroundItem,
  type Inventory,
  type ItemStack,
  type SkillName,
  type Skills,
  type SkillState,
} from "./types.js";

/** Encoding of state values in Valkey hashes (the seed's key schema: JSON per slot, snake_case fields). */

export function encodeStack(stack: ItemStack): string {
  return JSON.stringify({ item_id: stack.itemId, quantity: stack.quantity, durability: stack.durability });
}

export function decodeStack(raw: string): ItemStack {
  const v = JSON.parse(raw) as { item_id: number; quantity: number; durability: number | null };
  return { itemId: v.item_id, quantity: v.quantity, durability: v.durability ?? null };
}

export function encodeSkill(skill: SkillState): string {
  return JSON.stringify({ level: skill.level, experience: skill.xp });
}

export function decodeSkill(raw: string): SkillState {
  const v = JSON.parse(raw) as { level: number; experience: number };
  return { level: v.level, xp: v.experience };
}

export function decodeInventory(hash: Record<string, string>): Inventory {
  const inventory: Inventory = new Map();
  for (const [slot, raw] of Object.entries(hash)) inventory.set(Number(slot), decodeStack(raw));
  return inventory;
}

const equipmentSlotSet = new Set<string>(EQUIPMENT_SLOTS);
const skillNameSet = new Set<string>(SKILL_NAMES);

export function isEquipmentSlot(name: string): name is EquipmentSlot {
  return equipmentSlotSet.has(name);
}

export function isSkillName(name: string): name is SkillName {
  return skillNameSet.has(name);
}

export function decodeEquipment(hash: Record<string, string>): Equipment {
  const equipment: Equipment = new Map();
  for (const [slot, raw] of Object.entries(hash)) {
    if (isEquipmentSlot(slot)) equipment.set(slot, decodeStack(raw));
  }
  return equipment;
}

export function decodeSkills(hash: Record<string, string>): Skills {
  const skills: Skills = new Map();
  for (const [name, raw] of Object.entries(hash)) {
    if (isSkillName(name)) skills.set(name, decodeSkill(raw));
  }
  return skills;
}

/** Flat field/value list of a ground item hash, for HSET. `version` fences concurrent claims. */
export function encodeGroundItem(item: GroundItem, version = 1): string[] {
  return [
    "id", String(item.id),
    "item_id", String(item.itemId),
    "map_id", item.mapId,
    "x", String(item.x),
    "y", String(item.y),
    "quantity", String(item.quantity),
    "durability", item.durability === null ? "" : String(item.durability),
    "dropped_by", item.droppedBy === null ? "" : String(item.droppedBy),
    "dropped_at", String(item.droppedAtMs),
    "public_at", String(item.publicAtMs),
    "despawn_at", String(item.despawnAtMs),
    "version", String(version),
  ];
}

/** A ground item as stored, with the version a check-and-set must present. Null when the hash is empty. */
export function decodeGroundItem(hash: Record<string, string>): (GroundItem & { version: number }) | null {
  if (!hash.id) return null;
  return {
    id: Number(hash.id),
    itemId: Number(hash.item_id),
    mapId: hash.map_id ?? "",
    x: Number(hash.x),
    y: Number(hash.y),
    quantity: Number(hash.quantity),
    durability: hash.durability ? Number(hash.durability) : null,
    droppedBy: hash.dropped_by ? Number(hash.dropped_by) : null,
    droppedAtMs: Number(hash.dropped_at),
    publicAtMs: Number(hash.public_at),
    despawnAtMs: Number(hash.despawn_at),
    version: Number(hash.version ?? 1),
  };
}
