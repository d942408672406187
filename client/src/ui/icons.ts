import atlas from "../art/iconAtlas.json";
import { ASSET_URLS, categoryIconKey } from "../art/artCatalogue.js";
import type { ItemDefinition } from "../../../src/content/ItemDefinition.js";

const frameOfKey = new Map(atlas.keys.map((key, i) => [key, i]));

/** The icons' sheet frame of an item: its own icon, else its category's, else the "misc" one. */
export function iconFrameOf(item: Pick<ItemDefinition, "name" | "category"> | undefined): number {
  if (!item) return frameOfKey.get(categoryIconKey("misc")) ?? 0;
  return frameOfKey.get(item.name) ?? frameOfKey.get(categoryIconKey(item.category)) ?? frameOfKey.get(categoryIconKey("misc")) ?? 0;
}

/** An element showing the icon of frame `frame`, `sizePx` wide. */
export function iconElement(frame: number, sizePx = 32): HTMLDivElement {
  const el = document.createElement("div");
  el.className = "icon";
  const scale = sizePx / atlas.frameSize;
  const col = frame % atlas.columns;
  const row = Math.floor(frame / atlas.columns);
  const rows = Math.ceil(atlas.keys.length / atlas.columns);
  el.style.width = el.style.height = `${sizePx}px`;
  el.style.backgroundImage = `url(${ASSET_URLS.icons})`;
  el.style.backgroundSize = `${atlas.columns * sizePx}px ${rows * sizePx}px`;
  el.style.backgroundPosition = `-${col * atlas.frameSize * scale}px -${row * atlas.frameSize * scale}px`;
  return el;
}
