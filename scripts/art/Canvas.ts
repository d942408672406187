/** An RGB colour with optional alpha, each 0..255. */
export interface Rgba {
  r: number;
  g: number;
  b: number;
  a?: number;
}

/** `#rrggbb` (or `#rrggbbaa`) to a colour. */
export function hex(value: string): Rgba {
  const v = value.replace("#", "");
  return {
    r: parseInt(v.slice(0, 2), 16),
    g: parseInt(v.slice(2, 4), 16),
    b: parseInt(v.slice(4, 6), 16),
    a: v.length >= 8 ? parseInt(v.slice(6, 8), 16) : 255,
  };
}

/** The colour lighter (amount > 0) or darker (amount < 0), amount in -1..1. */
export function shade(c: Rgba, amount: number): Rgba {
  const f = (v: number) => Math.round(amount >= 0 ? v + (255 - v) * amount : v * (1 + amount));
  return { r: f(c.r), g: f(c.g), b: f(c.b), a: c.a ?? 255 };
}

/** A small seeded random source (mulberry32), so that generated art is the same on every run. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A tiny software canvas for pixel art: integer rectangles, ellipses, polygons and lines, alpha-blended
 * over what is there. Coordinates are pixels, (0, 0) top-left; drawing outside the canvas is clipped.
 */
export class Canvas {
  readonly pixels: Uint8Array;

  constructor(readonly width: number, readonly height: number) {
    this.pixels = new Uint8Array(width * height * 4);
  }

  /** Blends one pixel; off-canvas pixels are ignored. */
  plot(x: number, y: number, c: Rgba): void {
    x = Math.floor(x);
    y = Math.floor(y);
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = (y * this.width + x) * 4;
    const a = (c.a ?? 255) / 255;
    const p = this.pixels;
    const below = p[i + 3]! / 255;
    const out = a + below * (1 - a);
    if (out === 0) return;
    p[i] = Math.round((c.r * a + p[i]! * below * (1 - a)) / out);
    p[i + 1] = Math.round((c.g * a + p[i + 1]! * below * (1 - a)) / out);
    p[i + 2] = Math.round((c.b * a + p[i + 2]! * below * (1 - a)) / out);
    p[i + 3] = Math.round(out * 255);
  }

  rect(x: number, y: number, w: number, h: number, c: Rgba): void {
    for (let yy = y; yy < y + h; yy++) for (let xx = x; xx < x + w; xx++) this.plot(xx, yy, c);
  }

  /** A filled ellipse centred on (cx, cy) with radii rx, ry (pixel centres inside it are filled). */
  ellipse(cx: number, cy: number, rx: number, ry: number, c: Rgba): void {
    for (let y = Math.floor(cy - ry); y <= Math.ceil(cy + ry); y++) {
      for (let x = Math.floor(cx - rx); x <= Math.ceil(cx + rx); x++) {
        const dx = (x + 0.5 - cx) / rx;
        const dy = (y + 0.5 - cy) / ry;
        if (dx * dx + dy * dy <= 1) this.plot(x, y, c);
      }
    }
  }

  /** A circle's outline `thickness` pixels wide, inside radius `r`. */
  ring(cx: number, cy: number, r: number, thickness: number, c: Rgba): void {
    for (let y = Math.floor(cy - r); y <= Math.ceil(cy + r); y++) {
      for (let x = Math.floor(cx - r); x <= Math.ceil(cx + r); x++) {
        const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
        if (d <= r && d > r - thickness) this.plot(x, y, c);
      }
    }
  }

  /** A filled polygon (even-odd rule, pixel centres). */
  polygon(points: readonly (readonly [number, number])[], c: Rgba): void {
    const ys = points.map((p) => p[1]);
    for (let y = Math.floor(Math.min(...ys)); y <= Math.ceil(Math.max(...ys)); y++) {
      const py = y + 0.5;
      const xs: number[] = [];
      for (let i = 0; i < points.length; i++) {
        const [x1, y1] = points[i]!;
        const [x2, y2] = points[(i + 1) % points.length]!;
        if ((y1 <= py && y2 > py) || (y2 <= py && y1 > py)) xs.push(x1 + ((py - y1) / (y2 - y1)) * (x2 - x1));
      }
      xs.sort((a, b) => a - b);
      for (let k = 0; k + 1 < xs.length; k += 2) {
        for (let x = Math.ceil(xs[k]! - 0.5); x <= Math.floor(xs[k + 1]! - 0.5); x++) this.plot(x, y, c);
      }
    }
  }

  /** A line of the given width (a thin polygon; width 1 draws single pixels along the line). */
  line(x1: number, y1: number, x2: number, y2: number, c: Rgba, width = 1): void {
    const steps = Math.max(Math.abs(x2 - x1), Math.abs(y2 - y1), 1);
    for (let s = 0; s <= steps; s++) {
      const x = x1 + ((x2 - x1) * s) / steps;
      const y = y1 + ((y2 - y1) * s) / steps;
      if (width <= 1) this.plot(Math.round(x), Math.round(y), c);
      else this.ellipse(x + 0.5, y + 0.5, width / 2, width / 2, c);
    }
  }

  /** A 1-pixel dark outline around every opaque shape (drawn on transparent neighbours). */
  outline(c: Rgba, x0 = 0, y0 = 0, w = this.width, h = this.height): void {
    const opaque = (x: number, y: number) =>
      x >= x0 && y >= y0 && x < x0 + w && y < y0 + h && this.pixels[(y * this.width + x) * 4 + 3]! > 100;
    const edge: [number, number][] = [];
    for (let y = y0; y < y0 + h; y++) {
      for (let x = x0; x < x0 + w; x++) {
        if (opaque(x, y)) continue;
        if (opaque(x - 1, y) || opaque(x + 1, y) || opaque(x, y - 1) || opaque(x, y + 1)) edge.push([x, y]);
      }
    }
    for (const [x, y] of edge) this.plot(x, y, c);
  }

  /** Copies `source` onto this canvas at (dx, dy). */
  draw(source: Canvas, dx: number, dy: number): void {
    for (let y = 0; y < source.height; y++) {
      for (let x = 0; x < source.width; x++) {
        const i = (y * source.width + x) * 4;
        const p = source.pixels;
        if (p[i + 3] === 0) continue;
        this.plot(dx + x, dy + y, { r: p[i]!, g: p[i + 1]!, b: p[i + 2]!, a: p[i + 3]! });
      }
    }
  }
}
