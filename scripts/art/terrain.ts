import { FRAME_PX, TERRAIN_TILES } from "../../client/src/art/artCatalogue.js";
import { Canvas, hex, seededRandom, shade, type Rgba } from "./Canvas.js";

const T = FRAME_PX;

const GRASS = hex("#4f9a38");
const WALL = hex("#8c8c94");
const MORTAR = hex("#3d3d44");
const WATER = hex("#2a64c8");
const PATH = hex("#cfae72");
const CANOPY = hex("#1f5e24");
const TRUNK = hex("#5b3a1e");

function grass(c: Canvas, ox: number, seed: number): void {
  const random = seededRandom(seed);
  c.rect(ox, 0, T, T, GRASS);
  for (let i = 0; i < 70; i++) {
    const x = ox + Math.floor(random() * T);
    const y = Math.floor(random() * (T - 2));
    const tone = random() < 0.5 ? shade(GRASS, -0.25) : shade(GRASS, 0.2);
    c.plot(x, y, tone);
    c.plot(x, y + 1, tone);
  }
}

function wall(c: Canvas, ox: number): void {
  const random = seededRandom(2);
  c.rect(ox, 0, T, T, MORTAR);
  const rowH = 8;
  for (let row = 0; row < T / rowH; row++) {
    const offset = row % 2 === 0 ? 0 : -8;
    for (let bx = offset; bx < T; bx += 16) {
      const x0 = Math.max(bx + 1, 0);
      const x1 = Math.min(bx + 15, T);
      const tone = shade(WALL, (random() - 0.5) * 0.25);
      c.rect(ox + x0, row * rowH + 1, x1 - x0, rowH - 2, tone);
      c.rect(ox + x0, row * rowH + 1, x1 - x0, 1, shade(tone, 0.35));
      c.rect(ox + x0, row * rowH + rowH - 2, x1 - x0, 1, shade(tone, -0.3));
    }
  }
}

function water(c: Canvas, ox: number): void {
  c.rect(ox, 0, T, T, WATER);
  const light = shade(WATER, 0.45);
  const dark = shade(WATER, -0.2);
  for (let i = 0; i < 4; i++) {
    const y = 4 + i * 8;
    const x0 = (i % 2) * 12 + 2;
    for (let k = 0; k < 10; k++) c.plot(ox + x0 + k, y + (k < 5 ? -Math.floor(k / 2) : Math.floor((k - 5) / 2) - 2), light);
    c.rect(ox + ((x0 + 14) % 26), y + 3, 6, 1, dark);
  }
}

function path(c: Canvas, ox: number): void {
  const random = seededRandom(4);
  c.rect(ox, 0, T, T, PATH);
  for (let i = 0; i < 40; i++) {
    const x = ox + Math.floor(random() * T);
    const y = Math.floor(random() * T);
    c.plot(x, y, shade(PATH, random() < 0.6 ? -0.18 : 0.2));
  }
  for (let i = 0; i < 6; i++) {
    const x = ox + 3 + Math.floor(random() * (T - 6));
    const y = 3 + Math.floor(random() * (T - 6));
    c.ellipse(x, y, 1.6, 1.2, shade(PATH, -0.35));
    c.plot(x - 1, y - 1, shade(PATH, 0.3));
  }
}

function tree(c: Canvas, ox: number): void {
  grass(c, ox, 5);
  c.ellipse(ox + 16, 28, 11, 3, { ...shade(GRASS, -0.45), a: 200 });
  c.rect(ox + 13, 18, 6, 11, TRUNK);
  c.rect(ox + 13, 18, 2, 11, shade(TRUNK, 0.25));
  const blobs: [number, number, number][] = [[16, 12, 11], [9, 15, 7], [23, 15, 7], [16, 7, 8]];
  for (const [x, y, r] of blobs) c.ellipse(ox + x, y, r, r * 0.9, shade(CANOPY, -0.25));
  for (const [x, y, r] of blobs) c.ellipse(ox + x - 1, y - 1, r - 1.5, (r - 1.5) * 0.9, CANOPY);
  const light: Rgba = shade(CANOPY, 0.3);
  for (const [x, y] of [[12, 8], [18, 5], [9, 14], [20, 12], [15, 14]] as const) c.ellipse(ox + x, y, 2.2, 1.6, light);
}

/** The `terrain` tileset: one 32x32 tile per entry of TERRAIN_TILES, left to right in gid order. */
export function drawTerrain(): Canvas {
  const c = new Canvas(T * TERRAIN_TILES.length, T);
  const painters: Record<(typeof TERRAIN_TILES)[number], (ox: number) => void> = {
    grass: (ox) => grass(c, ox, 1),
    wall: (ox) => wall(c, ox),
    water: (ox) => water(c, ox),
    path: (ox) => path(c, ox),
    tree: (ox) => tree(c, ox),
  };
  TERRAIN_TILES.forEach((name, i) => painters[name](i * T));
  return c;
}
