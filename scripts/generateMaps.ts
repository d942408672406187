// Generates the shipped maps (see scripts/maps/renderMaps.ts) as Tiled 1.10 JSON maps into maps/, then
// loads them back through the server's loader to prove them valid. Deterministic: no randomness, so running
// it again reproduces the committed files byte for byte (test/scripts/generateMaps.test.ts checks it).
//   node --import tsx scripts/generateMaps.ts
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadMaps } from "../src/content/loadMaps.js";
import { renderMaps } from "./maps/renderMaps.js";

const mapsDir = fileURLToPath(new URL("../maps/", import.meta.url));
mkdirSync(mapsDir, { recursive: true });
for (const [id, text] of renderMaps()) writeFileSync(join(mapsDir, `${id}.tmj`), text);
for (const map of loadMaps(mapsDir).values()) {
  console.log(`${map.id}: ${map.width}x${map.height}, spawn (${map.spawn.x}, ${map.spawn.y}), ${map.portals.length} portals, ` +
    `${map.npcSpawns.length} NPCs, ${map.banks.length} bank booths, ${map.resources.length} resources, PvP ${JSON.stringify(map.pvpAreas)}`);
}
