/** Just enough of a map for a bot to walk it: blocked tiles (the Tiled `collision` layer) and paths. */
export interface MapSummary {
  id: string;
  width: number;
  height: number;
  spawn: { x: number; y: number };
  portals: { x: number; y: number; width: number; height: number; targetMap: string; targetX: number; targetY: number }[];
}

const GID_MASK = 0x1fffffff;
const STEPS = [
  { dir: "up", dx: 0, dy: -1 },
  { dir: "down", dx: 0, dy: 1 },
  { dir: "left", dx: -1, dy: 0 },
  { dir: "right", dx: 1, dy: 0 },
] as const;
export type Dir = (typeof STEPS)[number]["dir"];

interface TiledLayer {
  type?: string;
  name?: string;
  data?: number[];
  layers?: TiledLayer[];
}

export class MapNav {
  private readonly blocked: Uint8Array;
  private readonly portalTiles = new Set<number>();

  constructor(readonly summary: MapSummary, tiled: { layers?: TiledLayer[] }) {
    const { width, height } = summary;
    this.blocked = new Uint8Array(width * height);
    const find = (layers: TiledLayer[] = []): TiledLayer | undefined => {
      for (const l of layers) {
        if (l.type === "tilelayer" && l.name === "collision") return l;
        const inner = find(l.layers);
        if (inner) return inner;
      }
      return undefined;
    };
    const data = find(tiled.layers)?.data ?? [];
    for (let i = 0; i < width * height; i++) if (((data[i] ?? 0) & GID_MASK) !== 0) this.blocked[i] = 1;
    for (const p of summary.portals) {
      for (let y = p.y; y < p.y + p.height; y++) for (let x = p.x; x < p.x + p.width; x++) this.portalTiles.add(y * width + x);
    }
  }

  isBlocked(x: number, y: number): boolean {
    const { width, height } = this.summary;
    return x < 0 || y < 0 || x >= width || y >= height || this.blocked[y * width + x] === 1;
  }

  isPortal(x: number, y: number): boolean {
    return this.portalTiles.has(y * this.summary.width + x);
  }

  /**
   * Directions from `from` to `to` (breadth-first, 4 neighbours), avoiding portals unless `to` is one;
   * null when unreachable. Bounded by the map's size.
   */
  path(from: { x: number; y: number }, to: { x: number; y: number }): Dir[] | null {
    const { width } = this.summary;
    const key = (x: number, y: number) => y * width + x;
    const start = key(from.x, from.y);
    const goal = key(to.x, to.y);
    if (start === goal) return [];
    const previous = new Map<number, { from: number; dir: Dir }>();
    const queue = [start];
    const seen = new Set([start]);
    for (let head = 0; head < queue.length; head++) {
      const cur = queue[head]!;
      const cx = cur % width;
      const cy = Math.floor(cur / width);
      for (const s of STEPS) {
        const nx = cx + s.dx;
        const ny = cy + s.dy;
        const k = key(nx, ny);
        if (seen.has(k) || this.isBlocked(nx, ny) || (this.isPortal(nx, ny) && k !== goal)) continue;
        seen.add(k);
        previous.set(k, { from: cur, dir: s.dir });
        if (k === goal) {
          const dirs: Dir[] = [];
          for (let at = goal; at !== start; at = previous.get(at)!.from) dirs.push(previous.get(at)!.dir);
          return dirs.reverse();
        }
        queue.push(k);
      }
    }
    return null;
  }

  /** A random walkable, non-portal tile within `radius` of `around`. */
  randomTileNear(around: { x: number; y: number }, radius: number): { x: number; y: number } {
    for (let i = 0; i < 50; i++) {
      const x = around.x + Math.round((Math.random() * 2 - 1) * radius);
      const y = around.y + Math.round((Math.random() * 2 - 1) * radius);
      if (!this.isBlocked(x, y) && !this.isPortal(x, y)) return { x, y };
    }
    return around;
  }
}
