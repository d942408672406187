import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { inflateSync } from "node:zlib";
import { FRAME_PX, NPC_LOOKS, PLAYER_LOOKS, SHEET_FACINGS, TERRAIN_TILES, WALK_FRAMES, npcLookOf } from "../../client/src/art/artCatalogue.js";
import { loadMaps } from "../../src/content/loadMaps.js";
import { ITEM_CATALOGUE } from "../../src/content/itemCatalogue.js";
import { NPC_KINDS } from "../../src/content/npcKinds.js";
import { renderArt } from "../../scripts/art/renderArt.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Width, height and RGBA pixels of a PNG written by the art encoder (8-bit RGBA, filter 0 on every row). */
function decode(png: Buffer): { width: number; height: number; rgba: Uint8Array } {
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    if (png.toString("ascii", at + 4, at + 8) === "IDAT") idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) rgba.set(raw.subarray(y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1)), y * width * 4);
  return { width, height, rgba };
}

/** The mean colour of a tile of the tileset. */
function meanColour(png: { width: number; rgba: Uint8Array }, tile: number): [number, number, number] {
  const sum = [0, 0, 0];
  for (let y = 0; y < FRAME_PX; y++) {
    for (let x = tile * FRAME_PX; x < (tile + 1) * FRAME_PX; x++) for (let c = 0; c < 3; c++) sum[c]! += png.rgba[(y * png.width + x) * 4 + c]!;
  }
  return sum.map((v) => v / (FRAME_PX * FRAME_PX)) as [number, number, number];
}

describe("generated art (npm run art:generate)", () => {
  const art = renderArt();

  it("is checked in exactly as the script draws it", () => {
    for (const [path, bytes] of art) assert.ok(bytes.equals(readFileSync(join(ROOT, path))), `${path} is stale: run npm run art:generate`);
  });

  it("draws the tileset the maps name: one 32x32 tile per gid, in the order of the maps' tile types", () => {
    const terrain = decode(art.get("maps/terrain.png")!);
    for (const map of loadMaps().values()) {
      const tilesets = map.tiled.tilesets as { image: string; imagewidth: number; imageheight: number; tilewidth: number; tilecount: number; tiles: { id: number; type: string }[] }[];
      assert.equal(tilesets.length, 1);
      const [tileset] = tilesets;
      assert.equal(tileset!.image, "terrain.png");
      assert.deepEqual([terrain.width, terrain.height], [tileset!.imagewidth, tileset!.imageheight]);
      assert.equal(tileset!.tilewidth, FRAME_PX);
      assert.equal(tileset!.tilecount, TERRAIN_TILES.length);
      assert.deepEqual(tileset!.tiles.map((t) => t.type), [...TERRAIN_TILES]);
    }
  });

  it("tells grass, wall, water, path and tree apart by colour", () => {
    const terrain = decode(art.get("maps/terrain.png")!);
    const colours = TERRAIN_TILES.map((_, i) => meanColour(terrain, i));
    for (let i = 0; i < colours.length; i++) {
      for (let j = i + 1; j < colours.length; j++) {
        const distance = Math.hypot(...colours[i]!.map((c, k) => c - colours[j]![k]!));
        assert.ok(distance > 25, `${TERRAIN_TILES[i]} and ${TERRAIN_TILES[j]} look alike (colour distance ${distance.toFixed(1)})`);
      }
    }
    const [grass, wall, water, path] = colours;
    assert.ok(water![2] > water![0] && water![2] > water![1], "water is blue");
    assert.ok(grass![1] > grass![0] && grass![1] > grass![2], "grass is green");
    assert.ok(Math.abs(wall![0] - wall![2]) < 20, "walls are grey");
    assert.ok(path![0] > path![2] + 40, "paths are sandy");
  });

  it("gives every player look and NPC look a full row of facings and steps, and every item an icon", () => {
    const players = decode(art.get("client/public/art/players.png")!);
    const npcs = decode(art.get("client/public/art/npcs.png")!);
    const columns = SHEET_FACINGS.length * WALK_FRAMES * FRAME_PX;
    assert.deepEqual([players.width, players.height], [columns, PLAYER_LOOKS * FRAME_PX]);
    assert.deepEqual([npcs.width, npcs.height], [columns, NPC_LOOKS.length * FRAME_PX]);
    const atlas = JSON.parse(art.get("client/src/art/iconAtlas.json")!.toString()) as { keys: string[] };
    const missing = ITEM_CATALOGUE.filter((i) => !atlas.keys.includes(i.name)).map((i) => i.name);
    assert.deepEqual(missing, [], "items without an icon of their own");
  });

  it("matches an NPC kind to its look by name, with a fallback", () => {
    assert.equal(npcLookOf("goblin"), "goblin");
    assert.equal(npcLookOf("giant_rat"), "rat");
    assert.equal(npcLookOf("Town_Guard"), "guard");
    assert.equal(npcLookOf("dragon"), "unknown");
  });

  it("has a look for every NPC kind of the content", () => {
    assert.deepEqual(NPC_KINDS.filter((k) => npcLookOf(k.kind) === "unknown").map((k) => k.kind), []);
  });
});
