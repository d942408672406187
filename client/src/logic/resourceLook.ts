/** How a resource kind is drawn: its shape and its main colour (a tree's crown, a rock's ore, a spot's water). */
export interface ResourceLook {
  shape: "tree" | "rock" | "fishing" | "fire" | "range";
  color: number;
}

const COLORS: Record<string, number> = {
  tree: 0x2f8a2f, oak_tree: 0x3f6e1e, willow_tree: 0x7ab04a,
  copper_rock: 0xd07a3a, tin_rock: 0xd8d8e0, iron_rock: 0x9a4a3a, coal_rock: 0x151515,
  shrimp_spot: 0xbfe8ff, trout_spot: 0x8fd0ff, lobster_spot: 0x5fa0ff,
};

/** The look of a resource kind by its name (`tree`, `oak_tree`, `iron_rock`, `lobster_spot`, `fire`, `range`). */
export function resourceLookOf(kind: string): ResourceLook {
  const color = COLORS[kind] ?? 0xcccccc;
  if (kind === "fire" || kind === "range") return { shape: kind, color };
  if (kind.endsWith("_spot")) return { shape: "fishing", color };
  if (kind.endsWith("_rock")) return { shape: "rock", color };
  return { shape: "tree", color };
}
