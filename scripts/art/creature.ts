import { Canvas, hex, shade, type Rgba } from "./Canvas.js";
import type { Facing } from "./humanoid.js";

export type CreatureKind = "chicken" | "rat" | "cow" | "wolf" | "bear" | "spider" | "unknown";

const EYE = hex("#101014");
const SHADOW: Rgba = { r: 0, g: 0, b: 0, a: 70 };

interface Beast {
  body: Rgba;
  /** Body ellipse: centre and radii, for a beast facing left. */
  torso: [number, number, number, number];
  head: [number, number, number];
  legs: { xs: number[]; top: number; length: number; width: number };
  tail?: [number, number, number, number];
  spots?: Rgba;
  snout?: Rgba;
  ears?: "pointed" | "round" | "horns";
}

const BEASTS: Record<"rat" | "cow" | "wolf" | "bear", Beast> = {
  rat: {
    body: hex("#7d7470"), torso: [17, 23, 8, 4.5], head: [9, 21, 4], legs: { xs: [12, 21], top: 25, length: 3, width: 2 },
    tail: [24, 23, 31, 19], snout: hex("#e3a1a1"), ears: "round",
  },
  cow: {
    body: hex("#f2efe8"), torso: [17, 19, 11, 7], head: [6, 15, 5], legs: { xs: [9, 13, 20, 24], top: 23, length: 6, width: 3 },
    tail: [27, 16, 30, 24], spots: hex("#2b2b2b"), snout: hex("#e8b3b3"), ears: "horns",
  },
  wolf: {
    body: hex("#7f8894"), torso: [17, 19, 9, 5.5], head: [7, 14, 4.5], legs: { xs: [10, 14, 20, 24], top: 22, length: 7, width: 2 },
    tail: [25, 17, 31, 13], snout: hex("#4a4f57"), ears: "pointed",
  },
  bear: {
    body: hex("#6b4526"), torso: [17, 18, 12, 8], head: [6, 13, 6], legs: { xs: [9, 13, 21, 25], top: 22, length: 7, width: 4 },
    snout: hex("#a57a52"), ears: "round",
  },
};

function drawBeast(c: Canvas, b: Beast, step: number): void {
  const [tx, ty, trx, tr] = b.torso;
  c.ellipse(16, 29.5, trx, 2.5, SHADOW);
  const dark = shade(b.body, -0.3);
  b.legs.xs.forEach((x, i) => {
    const lift = step === 0 ? 0 : (i + step) % 2 === 0 ? 1 : -1;
    c.rect(x + lift, b.legs.top, b.legs.width, b.legs.length, i % 2 === 0 ? dark : shade(b.body, -0.15));
  });
  if (b.tail) c.line(b.tail[0], b.tail[1], b.tail[2], b.tail[3], dark, 2);
  c.ellipse(tx, ty, trx, tr, b.body);
  c.ellipse(tx, ty - tr * 0.45, trx * 0.8, tr * 0.35, shade(b.body, 0.15));
  if (b.spots) {
    c.ellipse(tx + 3, ty - 1, 3, 2.5, b.spots);
    c.ellipse(tx - 4, ty + 2, 2.5, 2, b.spots);
  }
  const [hx, hy, hr] = b.head;
  if (b.ears === "pointed") c.polygon([[hx, hy - hr + 1], [hx + 2, hy - hr - 4], [hx + 4, hy - hr + 2]], dark);
  if (b.ears === "round") c.ellipse(hx + 2, hy - hr + 1, 2, 2, dark);
  if (b.ears === "horns") c.polygon([[hx + 1, hy - hr + 1], [hx + 3, hy - hr - 4], [hx + 4, hy - hr + 1]], hex("#e6dcc0"));
  c.ellipse(hx, hy, hr, hr * 0.9, b.body);
  if (b.snout) c.ellipse(hx - hr * 0.7, hy + 1, hr * 0.5, hr * 0.4, b.snout);
  c.rect(hx - 1, hy - 2, 2, 2, EYE);
}

function drawChicken(c: Canvas, step: number): void {
  c.ellipse(16, 29, 6, 2, SHADOW);
  const legs = hex("#e0a021");
  c.rect(14 + (step === 1 ? -1 : 0), 24, 1, 5, legs);
  c.rect(18 + (step === 2 ? 1 : 0), 24, 1, 5, legs);
  const white = hex("#f4f4f0");
  c.ellipse(17, 20, 7, 5.5, white);
  c.ellipse(20, 19, 4, 3, shade(white, -0.12));
  c.polygon([[22, 15], [26, 13], [25, 19]], white);
  c.ellipse(11, 14, 3.5, 3.5, white);
  c.ellipse(11, 10.5, 2, 1.5, hex("#d8262b"));
  c.polygon([[8, 14], [5, 15], [8, 16]], legs);
  c.ellipse(9, 17, 1, 1.5, hex("#d8262b"));
  c.rect(10, 13, 1, 1, EYE);
}

function drawSpider(c: Canvas, step: number): void {
  c.ellipse(16, 28, 10, 2.5, SHADOW);
  const body = hex("#2a2230");
  for (let i = 0; i < 4; i++) {
    const wiggle = step === 0 ? 0 : (i + step) % 2 === 0 ? 1 : -1;
    const y = 16 + i * 3;
    c.line(16, y, 4, y - 4 + wiggle, body, 1);
    c.line(4, y - 4 + wiggle, 2, y + 5, body, 1);
    c.line(16, y, 28, y - 4 - wiggle, body, 1);
    c.line(28, y - 4 - wiggle, 30, y + 5, body, 1);
  }
  c.ellipse(16, 22, 7, 6, body);
  c.ellipse(16, 14, 4.5, 4, shade(body, 0.15));
  c.ellipse(16, 22, 3, 2.5, hex("#b3262b"));
  c.rect(14, 13, 1, 1, hex("#ff4040"));
  c.rect(17, 13, 1, 1, hex("#ff4040"));
}

function drawUnknown(c: Canvas, step: number): void {
  c.ellipse(16, 29, 9, 2.5, SHADOW);
  const body = hex("#9b59d0");
  c.ellipse(16, 20 - (step === 0 ? 0 : 1), 10, 9, body);
  c.ellipse(13, 16, 4, 3, shade(body, 0.3));
  c.rect(12, 18, 2, 2, EYE);
  c.rect(19, 18, 2, 2, EYE);
  // A question mark: the kind has no sprite of its own.
  const q = hex("#fff4a8");
  c.rect(14, 5, 5, 1, q);
  c.rect(18, 6, 1, 3, q);
  c.rect(16, 9, 2, 1, q);
  c.rect(16, 10, 1, 1, q);
  c.rect(16, 12, 1, 1, q);
}

/** One 32x32 frame of an animal (or the fallback blob); side views, mirrored for the right. */
export function drawCreature(kind: CreatureKind, facing: Facing, step: number): Canvas {
  const c = new Canvas(32, 32);
  if (kind === "chicken") drawChicken(c, step);
  else if (kind === "spider") drawSpider(c, step);
  else if (kind === "unknown") drawUnknown(c, step);
  else drawBeast(c, BEASTS[kind], step);
  const mirrored = facing === "right" || facing === "up";
  if (!mirrored || kind === "spider" || kind === "unknown") return c;
  const out = new Canvas(32, 32);
  for (let y = 0; y < 32; y++) {
    for (let x = 0; x < 32; x++) {
      const i = (y * 32 + x) * 4;
      out.pixels.set(c.pixels.subarray(i, i + 4), (y * 32 + (31 - x)) * 4);
    }
  }
  return out;
}
