import { FRAME_PX, ICON_COLUMNS, categoryIconKey } from "../../client/src/art/artCatalogue.js";
import { Canvas, hex, shade, type Rgba } from "./Canvas.js";

const OUTLINE = { ...hex("#101018"), a: 230 };
const WOOD = hex("#8b5a2b");
const GOLD = hex("#e8c43a");

/** The colour of an item's material, from the first word of its name. */
const MATERIALS: Record<string, Rgba> = {
  wooden: WOOD, copper: hex("#d0783a"), bronze: hex("#b8904a"), iron: hex("#8f949c"), steel: hex("#d4dce6"),
  tin: hex("#c4c8c8"), coal: hex("#2c2c30"), gold: GOLD,
};

type Shape = (c: Canvas, metal: Rgba) => void;

const blade = (len: number, width: number): Shape => (c, m) => {
  const top = 28 - len;
  c.polygon([[16 - width / 2, 22], [16 - width / 2, top + 3], [16, top], [16 + width / 2, top + 3], [16 + width / 2, 22]], m);
  c.rect(16, top + 3, 1, 22 - top - 4, shade(m, 0.35));
  c.rect(10, 22, 12, 3, hex("#6b5a2a"));
  c.rect(14, 25, 4, 5, hex("#4a3218"));
};

const SHAPES: Record<string, Shape> = {
  dagger: blade(15, 4),
  sword: blade(20, 4),
  longsword: blade(24, 5),
  mace: (c, m) => { c.line(10, 29, 19, 12, shade(WOOD, -0.2), 3); c.ellipse(21, 9, 6, 6, m); for (const [x, y] of [[21, 2], [28, 9], [14, 9], [21, 16]] as const) c.ellipse(x, y, 2, 2, shade(m, -0.25)); },
  greatclub: (c, m) => { c.line(8, 28, 20, 10, shade(WOOD, -0.2), 4); c.ellipse(22, 8, 6, 6, m); c.ellipse(21, 7, 2, 2, shade(m, 0.3)); },
  greataxe: (c, m) => { c.line(8, 29, 22, 4, WOOD, 3); c.polygon([[16, 6], [28, 2], [29, 16], [19, 14]], m); c.line(18, 8, 27, 5, shade(m, 0.4)); },
  helm: (c, m) => { c.ellipse(16, 16, 11, 10, m); c.rect(5, 16, 22, 8, m); c.rect(9, 17, 14, 3, hex("#1a1a20")); c.rect(15, 17, 2, 8, m); c.ellipse(12, 11, 3, 2, shade(m, 0.4)); },
  body: (c, m) => { c.polygon([[6, 8], [12, 5], [20, 5], [26, 8], [27, 16], [23, 16], [23, 28], [9, 28], [9, 16], [5, 16]], m); c.rect(15, 8, 2, 19, shade(m, -0.2)); c.rect(11, 7, 10, 1, shade(m, 0.4)); },
  legs: (c, m) => { c.polygon([[9, 4], [23, 4], [24, 28], [18, 28], [16, 12], [14, 28], [8, 28]], m); c.rect(9, 4, 14, 3, shade(m, -0.25)); },
  shield: (c, m) => { c.polygon([[5, 5], [27, 5], [27, 16], [16, 29], [5, 16]], m); c.polygon([[9, 8], [23, 8], [23, 15], [16, 24], [9, 15]], shade(m, -0.18)); c.rect(15, 8, 2, 15, shade(m, 0.3)); },
  boots: (c, m) => { c.rect(6, 10, 7, 14, m); c.rect(6, 22, 11, 5, m); c.rect(18, 8, 7, 14, shade(m, -0.15)); c.rect(18, 20, 11, 5, shade(m, -0.15)); },
  gloves: (c, m) => { c.ellipse(12, 18, 7, 8, m); c.rect(6, 6, 3, 10, m); c.rect(10, 4, 3, 10, m); c.rect(14, 5, 3, 10, m); c.rect(7, 24, 10, 5, shade(m, -0.3)); },
  bow: (c, m) => { c.line(9, 3, 22, 10, WOOD, 3); c.line(22, 10, 22, 22, WOOD, 3); c.line(22, 22, 9, 29, WOOD, 3); c.line(9, 3, 9, 29, hex("#e8e2cc")); c.ellipse(22, 16, 2, 3, m); },
  arrows: (c, m) => { for (const dx of [-5, 0, 5]) { c.line(10 + dx, 28, 20 + dx, 8, WOOD, 2); c.polygon([[18 + dx, 8], [22 + dx, 3], [23 + dx, 10]], m); c.polygon([[9 + dx, 25], [8 + dx, 30], [13 + dx, 28]], hex("#e8e8e8")); } },
  pickaxe: (c, m) => { c.line(9, 29, 19, 9, WOOD, 3); c.polygon([[4, 10], [16, 4], [28, 9], [27, 12], [17, 8], [6, 13]], m); },
  hatchet: (c, m) => { c.line(10, 29, 18, 7, WOOD, 3); c.polygon([[15, 6], [26, 4], [27, 15], [18, 14]], m); },
  fishing_rod: (c) => { c.line(5, 29, 25, 3, WOOD, 2); c.line(25, 3, 27, 20, hex("#e8e8e8")); c.ellipse(27, 21, 2, 2, hex("#d8262b")); },
  net: (c) => { const twine = hex("#d8cca8"); c.line(4, 29, 14, 17, WOOD, 2); c.ring(20, 11, 9, 2, WOOD); for (const d of [-6, -2, 2, 6]) { c.line(20 + d, 3, 20 + d, 19, twine); c.line(12, 11 + d, 28, 11 + d, twine); } },
  pot: (c) => { const wicker = hex("#a8824a"); c.rect(5, 10, 22, 18, shade(wicker, -0.35)); for (const x of [5, 10, 15, 20, 25]) c.rect(x, 10, 2, 18, wicker); c.rect(5, 10, 22, 2, wicker); c.rect(5, 26, 22, 2, wicker); c.ellipse(16, 8, 6, 3, wicker); },
  ore: (c, m) => { c.polygon([[5, 20], [10, 8], [22, 6], [28, 16], [24, 27], [9, 27]], hex("#6a625a")); for (const [x, y] of [[12, 14], [20, 12], [17, 21], [23, 19]] as const) c.ellipse(x, y, 2.5, 2, m); },
  coal: (c) => { c.polygon([[5, 20], [10, 8], [22, 6], [28, 16], [24, 27], [9, 27]], hex("#26262a")); c.ellipse(13, 13, 3, 2, hex("#4a4a52")); },
  bar: (c, m) => { c.polygon([[4, 22], [10, 12], [28, 12], [24, 22]], m); c.polygon([[4, 22], [24, 22], [24, 26], [4, 26]], shade(m, -0.3)); c.polygon([[24, 22], [28, 12], [28, 16], [24, 26]], shade(m, -0.15)); c.line(11, 14, 25, 14, shade(m, 0.45)); },
  logs: (c) => { for (const [y, dx] of [[22, 0], [14, 3], [22, 9]] as const) { c.rect(4 + dx, y - 4, 16, 8, WOOD); c.ellipse(20 + dx, y, 4, 4, hex("#d8b27a")); c.ellipse(20 + dx, y, 1.5, 1.5, shade(WOOD, -0.2)); } },
  fish: (c, m) => { c.ellipse(15, 16, 10, 6, m); c.polygon([[23, 16], [30, 9], [30, 23]], shade(m, -0.15)); c.rect(8, 14, 2, 2, hex("#101014")); c.line(10, 19, 20, 19, shade(m, 0.3)); },
  bread: (c) => { c.ellipse(16, 18, 12, 8, hex("#c98a3a")); c.ellipse(16, 15, 11, 6, hex("#dca55a")); for (const x of [10, 15, 20]) c.line(x, 12, x + 3, 18, hex("#a86a2a")); },
  amulet: (c) => { c.ring(16, 12, 9, 2, GOLD); c.line(7, 12, 16, 24, GOLD, 2); c.line(25, 12, 16, 24, GOLD, 2); c.ellipse(16, 25, 4, 4, hex("#d8262b")); },
  ring: (c) => { c.ellipse(16, 19, 9, 9, GOLD); c.ellipse(16, 19, 6, 6, hex("#7a5a10")); c.ellipse(16, 9, 4, 4, hex("#3aa0e0")); },
  cape: (c) => { c.polygon([[9, 4], [23, 4], [28, 28], [4, 28]], hex("#b8262b")); c.rect(9, 4, 14, 3, GOLD); c.line(16, 8, 16, 27, hex("#8a1a1f")); },
  coins: (c) => { for (const [x, y] of [[11, 22], [20, 22], [16, 16], [12, 12], [21, 12]] as const) { c.ellipse(x, y, 6, 4, shade(GOLD, -0.25)); c.ellipse(x, y - 1, 6, 4, GOLD); c.ellipse(x - 1, y - 2, 2, 1, shade(GOLD, 0.5)); } },
  feathers: (c) => { for (const [dx, tint] of [[-5, "#f4f0e8"], [0, "#e8e2d6"], [5, "#f4f0e8"]] as const) { c.polygon([[12 + dx, 28], [9 + dx, 14], [14 + dx, 4], [19 + dx, 14]], hex(tint)); c.line(12 + dx, 28, 14 + dx, 6, hex("#b8b0a0")); } },
  cowhide: (c) => { c.polygon([[5, 8], [12, 4], [20, 6], [28, 4], [27, 16], [29, 27], [18, 25], [10, 28], [4, 20]], hex("#f2eee4")); for (const [x, y, r] of [[11, 11, 4], [21, 18, 5], [10, 21, 3]] as const) c.ellipse(x, y, r, r - 1, hex("#2a2624")); },
  pelt: (c) => { c.polygon([[5, 9], [12, 4], [20, 6], [28, 4], [27, 16], [29, 27], [18, 25], [10, 28], [4, 20]], hex("#8a8478")); c.polygon([[9, 10], [20, 9], [24, 20], [12, 23]], hex("#a8a294")); },
  bones: (c) => { const b = hex("#ece6d2"); c.line(8, 24, 24, 8, b, 4); for (const [x, y] of [[7, 22], [10, 26], [22, 6], [26, 10]] as const) c.ellipse(x, y, 3, 3, b); },
  scroll: (c) => { c.rect(8, 6, 16, 20, hex("#efe0b4")); c.ellipse(8, 16, 3, 10, hex("#d8c48c")); c.ellipse(24, 16, 3, 10, hex("#d8c48c")); for (const y of [11, 15, 19]) c.line(11, y, 21, y, hex("#8a7a50")); },
  bag: (c) => { c.ellipse(16, 20, 10, 9, hex("#a8824a")); c.rect(12, 7, 8, 6, hex("#a8824a")); c.rect(11, 11, 10, 2, hex("#5a3a1a")); },
  potion: (c) => { c.ellipse(16, 21, 8, 8, hex("#d8262b")); c.rect(13, 6, 6, 9, hex("#c8e0f0")); c.rect(12, 4, 8, 3, hex("#8b5a2b")); },
};

const CATEGORY_SHAPES: Record<string, [string, Rgba]> = {
  weapon: ["sword", MATERIALS.iron!], armour: ["body", MATERIALS.iron!], tool: ["pickaxe", MATERIALS.iron!],
  ammunition: ["arrows", MATERIALS.iron!], consumable: ["potion", GOLD], material: ["bar", MATERIALS.iron!],
  currency: ["coins", GOLD], quest: ["scroll", GOLD], misc: ["bag", GOLD],
};

/** The shape an item name asks for: its last word where it is a known shape, else by keyword. */
function shapeOf(name: string, slot: string | null): string | null {
  const words = name.split("_");
  if (name.includes("fishing_rod")) return "fishing_rod";
  if (words.includes("bow") || name.endsWith("bow")) return "bow";
  if (name.endsWith("_ore")) return "ore";
  if (name.endsWith("_pot")) return "pot";
  if (words.includes("platebody")) return "body";
  if (words.some((w) => ["shrimp", "trout", "salmon", "lobster", "fish", "tuna", "sardine"].includes(w))) return "fish";
  if (slot === "amulet" || words.includes("amulet")) return "amulet";
  if (slot === "ring" || words.includes("ring")) return "ring";
  if (slot === "cape" || words.includes("cape")) return "cape";
  for (const w of [...words].reverse()) if (SHAPES[w]) return w;
  return null;
}

function fishColour(name: string): Rgba {
  if (name.startsWith("burnt")) return hex("#2e2622");
  if (name.startsWith("cooked")) return hex("#d8884a");
  if (name.includes("trout") || name.includes("salmon")) return hex("#c88a9a");
  if (name.includes("lobster")) return hex("#c83a2a");
  return hex("#e8a0a0");
}

export interface IconItem {
  name: string;
  category: string;
  slot: string | null;
}

/** The icons' sheet and the key of each frame in order: one icon per category, then one per item. */
export function drawIcons(items: readonly IconItem[]): { canvas: Canvas; keys: string[] } {
  const entries: { key: string; shape: string; colour: Rgba }[] = [];
  for (const [category, [shape, colour]] of Object.entries(CATEGORY_SHAPES)) entries.push({ key: categoryIconKey(category), shape, colour });
  for (const item of items) {
    const shape = shapeOf(item.name, item.slot);
    if (!shape) continue;
    const material = MATERIALS[item.name.split("_")[0]!];
    const colour = shape === "fish" ? fishColour(item.name) : material ?? (shape === "bar" ? MATERIALS.iron! : MATERIALS.steel!);
    entries.push({ key: item.name, shape, colour });
  }
  const rows = Math.ceil(entries.length / ICON_COLUMNS);
  const canvas = new Canvas(ICON_COLUMNS * FRAME_PX, rows * FRAME_PX);
  entries.forEach((entry, i) => {
    const icon = new Canvas(FRAME_PX, FRAME_PX);
    SHAPES[entry.shape]!(icon, entry.colour);
    icon.outline(OUTLINE);
    canvas.draw(icon, (i % ICON_COLUMNS) * FRAME_PX, Math.floor(i / ICON_COLUMNS) * FRAME_PX);
  });
  return { canvas, keys: entries.map((e) => e.key) };
}
