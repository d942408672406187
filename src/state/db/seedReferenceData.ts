import type { ItemDefinition } from "../../content/ItemDefinition.js";
import type { PrismaClient } from "../../generated/prisma/client.js";

export interface SeedReferenceDataResult {
  /** Catalogue entries written (the catalogue's size). */
  items: number;
  /** Rows inserted or changed by this call: 0 when the table already matched the catalogue. */
  changed: number;
}

/**
 * Upserts the item catalogue into the `items` table in one statement (INSERT ... SELECT FROM unnest(...)
 * ON CONFLICT (id) DO UPDATE). Idempotent: rows that already match are not rewritten. Items in the table
 * that are no longer in the catalogue are kept (inventories, equipment and ground items may reference them).
 *
 * Accepts a client or an interactive transaction's client.
 */
export async function seedReferenceData(
  prisma: Pick<PrismaClient, "$executeRaw">,
  items: readonly ItemDefinition[],
): Promise<SeedReferenceDataResult> {
  assertUnique(items, "id", (item) => item.id);
  assertUnique(items, "name", (item) => item.name);
  if (items.length === 0) return { items: 0, changed: 0 };

  const column = <T>(get: (item: ItemDefinition) => T): T[] => items.map(get);
  const changed = await prisma.$executeRaw`
    INSERT INTO items (
      id, name, display_name, category, rarity, equip_slot, two_handed, max_stack, required_skill,
      required_level, value, max_durability, attack, strength, defence, ranged, magic, health, attack_speed_ticks, heals
    )
    SELECT * FROM unnest(
      ${column((i) => i.id)}::int[],
      ${column((i) => i.name)}::text[],
      ${column((i) => i.displayName)}::text[],
      ${column((i) => i.category)}::text[],
      ${column((i) => i.rarity)}::text[],
      ${column((i) => i.slot)}::text[],
      ${column((i) => i.twoHanded)}::boolean[],
      ${column((i) => i.maxStack)}::int[],
      ${column((i) => i.requiredSkill)}::text[],
      ${column((i) => i.requiredLevel)}::int[],
      ${column((i) => i.value)}::int[],
      ${column((i) => i.maxDurability)}::int[],
      ${column((i) => i.bonuses.attack)}::int[],
      ${column((i) => i.bonuses.strength)}::int[],
      ${column((i) => i.bonuses.defence)}::int[],
      ${column((i) => i.bonuses.ranged)}::int[],
      ${column((i) => i.bonuses.magic)}::int[],
      ${column((i) => i.bonuses.health)}::int[],
      ${column((i) => i.attackSpeedTicks)}::int[],
      ${column((i) => i.heals)}::int[]
    )
    ON CONFLICT (id) DO UPDATE SET
      name = EXCLUDED.name,
      display_name = EXCLUDED.display_name,
      category = EXCLUDED.category,
      rarity = EXCLUDED.rarity,
      equip_slot = EXCLUDED.equip_slot,
      two_handed = EXCLUDED.two_handed,
      max_stack = EXCLUDED.max_stack,
      required_skill = EXCLUDED.required_skill,
      required_level = EXCLUDED.required_level,
      value = EXCLUDED.value,
      max_durability = EXCLUDED.max_durability,
      attack = EXCLUDED.attack,
      strength = EXCLUDED.strength,
      defence = EXCLUDED.defence,
      ranged = EXCLUDED.ranged,
      magic = EXCLUDED.magic,
      health = EXCLUDED.health,
      attack_speed_ticks = EXCLUDED.attack_speed_ticks,
      heals = EXCLUDED.heals
    WHERE (
      items.name, items.display_name, items.category, items.rarity, items.equip_slot, items.two_handed,
      items.max_stack, items.required_skill, items.required_level, items.value, items.max_durability,
      items.attack, items.strength, items.defence, items.ranged, items.magic, items.health,
      items.attack_speed_ticks, items.heals
    ) IS DISTINCT FROM (
      EXCLUDED.name, EXCLUDED.display_name, EXCLUDED.category, EXCLUDED.rarity, EXCLUDED.equip_slot,
      EXCLUDED.two_handed, EXCLUDED.max_stack, EXCLUDED.required_skill, EXCLUDED.required_level,
      EXCLUDED.value, EXCLUDED.max_durability, EXCLUDED.attack, EXCLUDED.strength, EXCLUDED.defence,
      EXCLUDED.ranged, EXCLUDED.magic, EXCLUDED.health, EXCLUDED.attack_speed_ticks, EXCLUDED.heals
    )`;
  return { items: items.length, changed };
}

function assertUnique(
  items: readonly ItemDefinition[],
  what: string,
  key: (item: ItemDefinition) => string | number,
): void {
  const seen = new Set<string | number>();
  for (const item of items) {
    const k = key(item);
    // ON CONFLICT cannot update one row twice in a statement: report the catalogue's mistake instead.
    if (seen.has(k)) throw new Error(`The item catalogue has a duplicate ${what}: ${String(k)}`);
    seen.add(k);
  }
}
