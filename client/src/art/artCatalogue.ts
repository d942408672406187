/**
 * The layout of the generated art (scripts/generateArt.ts draws it, the client reads it): one home for
 * frame sizes, frame orders and the names of what is drawn. Pure data, no DOM, no Node.
 */

/** Every frame of every sheet is a square of this many pixels; it is also the maps' tile size. */
export const FRAME_PX = 32;

/** The tileset's tiles in gid order (gid = index + 1), as the maps' `terrain` tileset names them. */
export const TERRAIN_TILES = ["grass", "wall", "water", "path", "tree"] as const;

/** Facings in the order of a character sheet's columns; each facing has `WALK_FRAMES` frames. */
export const SHEET_FACINGS = ["down", "left", "right", "up"] as const;
/** Frames per facing: standing, left foot forward, right foot forward. */
export const WALK_FRAMES = 3;

/** Player looks: one row of the players' sheet each; a player wears look `id % PLAYER_LOOKS`. */
export const PLAYER_LOOKS = 8;

/**
 * NPC kinds with a sprite of their own, one row of the NPCs' sheet each (laid out like a player's row).
 * A kind not listed is matched by the first name contained in it ("giant_rat" looks like a rat), else it
 * wears the last row, `unknown`.
 */
export const NPC_LOOKS = [
  "chicken", "rat", "goblin", "cow", "wolf", "bandit", "guard", "bear", "skeleton", "spider",
  "villager", "shopkeeper", "banker", "troll", "blacksmith", "unknown",
] as const;
export type NpcLook = (typeof NPC_LOOKS)[number];

/** The row of the NPCs' sheet that `kind` wears. */
export function npcLookOf(kind: string): NpcLook {
  const name = kind.toLowerCase();
  const exact = NPC_LOOKS.find((look) => look === name);
  if (exact) return exact;
  return NPC_LOOKS.find((look) => look !== "unknown" && name.includes(look)) ?? "unknown";
}

/** Columns of the icons' sheet; which icon sits in which frame is in `iconAtlas.json` (generated). */
export const ICON_COLUMNS = 16;

/** The icon key of an item category (the fallback of an item without an icon of its own). */
export function categoryIconKey(category: string): string {
  return `category:${category}`;
}

/** Where the generated sheets are served (Vite copies client/public to the build's root). */
export const ASSET_URLS = {
  players: "art/players.png",
  npcs: "art/npcs.png",
  icons: "art/icons.png",
} as const;
