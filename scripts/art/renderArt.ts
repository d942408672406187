import { ITEM_CATALOGUE } from "../../src/content/itemCatalogue.js";
import { FRAME_PX, ICON_COLUMNS } from "../../client/src/art/artCatalogue.js";
import { drawNpcs, drawPlayers } from "./characters.js";
import { drawIcons } from "./icons.js";
import { encodePng } from "./png.js";
import { drawTerrain } from "./terrain.js";

/**
 * Every generated art file, by path relative to the project root: the maps' tileset (served beside the
 * maps), the players', NPCs' and icons' sheets (client/public, copied into the build) and the icon atlas
 * (which icon is in which frame; the client bundles it). Pure: the same code gives the same bytes.
 */
export function renderArt(): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const png = (path: string, canvas: { width: number; height: number; pixels: Uint8Array }) =>
    files.set(path, encodePng(canvas.width, canvas.height, canvas.pixels));
  png("maps/terrain.png", drawTerrain());
  png("client/public/art/players.png", drawPlayers());
  png("client/public/art/npcs.png", drawNpcs());
  const icons = drawIcons(ITEM_CATALOGUE);
  png("client/public/art/icons.png", icons.canvas);
  const atlas = { frameSize: FRAME_PX, columns: ICON_COLUMNS, keys: icons.keys };
  files.set("client/src/art/iconAtlas.json", Buffer.from(`${JSON.stringify(atlas, null, 2)}\n`));
  return files;
}
