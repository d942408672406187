/**
 * `npm run art:generate`: draws the tileset, the character sheets and the item icons into the PNGs that
 * are checked in (see scripts/art/renderArt.ts for the list). Run it after changing the drawing code or
 * the item catalogue; test/scripts/generateArt.test.ts fails while the checked-in files are stale.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { renderArt } from "./art/renderArt.js";

const root = fileURLToPath(new URL("../", import.meta.url));
for (const [path, bytes] of renderArt()) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), bytes);
  console.log(`wrote ${path} (${bytes.length} bytes)`);
}
