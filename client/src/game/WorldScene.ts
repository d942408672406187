import * as Phaser from "phaser";
import { ASSET_URLS, FRAME_PX, PLAYER_LOOKS } from "../art/artCatalogue.js";
import type { GameMap } from "../../../src/content/GameMap.js";
import type { MapState } from "../../../src/schema/MapState.js";
import { CharacterView } from "./CharacterView.js";

/** What the scene draws, read every frame. */
export interface WorldModel {
  state(): MapState | null;
  myId(): number | null;
  /** The icons' sheet frame of an item. */
  iconFrame(itemId: number): number;
}

/** A map as the scene draws it: its Tiled JSON, the URL it came from and the server's own model of it. */
export interface ShownMap {
  id: string;
  url: string;
  tiled: { tilesets?: { name: string; image?: string }[]; layers?: { type: string; name: string }[] };
  model: GameMap;
}

interface GroundView {
  image: Phaser.GameObjects.Image;
  count: Phaser.GameObjects.Text | null;
  x: number;
  y: number;
}

/**
 * The game view: the map's layers from its Tiled JSON, portals, players (sprite, name, HP bar, gliding
 * between tiles) and ground items (icons), kept in step with the room state every frame; the camera
 * follows the player. A click on the map reports the tile (`onTileClick`).
 */
export class WorldScene extends Phaser.Scene {
  model!: WorldModel;
  onTileClick: (x: number, y: number) => void = () => undefined;
  shown: ShownMap | null = null;
  /** The last tile clicked on the map (for tests and the curious). */
  lastClick: { x: number; y: number } | null = null;
  readonly players = new Map<string, CharacterView>();
  readonly ground = new Map<string, GroundView>();
  private mapObjects: Phaser.GameObjects.GameObject[] = [];
  private tilemap: Phaser.Tilemaps.Tilemap | null = null;
  private marker!: Phaser.GameObjects.Graphics;
  private followed: CharacterView | null = null;
  private resolveReady!: () => void;
  readonly ready = new Promise<void>((resolve) => (this.resolveReady = resolve));

  constructor() {
    super("world");
  }

  preload(): void {
    const frame = { frameWidth: FRAME_PX, frameHeight: FRAME_PX };
    this.load.spritesheet("players", ASSET_URLS.players, frame);
    this.load.spritesheet("npcs", ASSET_URLS.npcs, frame);
    this.load.spritesheet("icons", ASSET_URLS.icons, frame);
  }

  create(): void {
    this.cameras.main.setBackgroundColor("#10131a");
    this.marker = this.add.graphics().setDepth(1e6);
    this.input.on("pointerdown", (pointer: Phaser.Input.Pointer) => {
      if (!this.shown || pointer.button !== 0) return;
      const world = this.cameras.main.getWorldPoint(pointer.x, pointer.y);
      this.lastClick = { x: Math.floor(world.x / FRAME_PX), y: Math.floor(world.y / FRAME_PX) };
      this.onTileClick(this.lastClick.x, this.lastClick.y);
    });
    this.resolveReady();
  }

  /** Draws `map` in place of the one shown (its tileset images are loaded beside the map's URL first). */
  async showMap(map: ShownMap): Promise<void> {
    await this.ready;
    await this.loadTilesets(map);
    for (const o of this.mapObjects) o.destroy();
    this.mapObjects = [];
    this.tilemap?.destroy();
    this.clearEntities();
    const key = `map:${map.id}`;
    if (!this.cache.tilemap.exists(key)) this.cache.tilemap.add(key, { format: Phaser.Tilemaps.Formats.TILED_JSON, data: map.tiled });
    const tilemap = this.make.tilemap({ key });
    this.tilemap = tilemap;
    const tilesets = (map.tiled.tilesets ?? []).flatMap((t) => {
      const set = t.image ? tilemap.addTilesetImage(t.name, this.tilesetKey(map, t.image)) : null;
      return set ? [set] : [];
    });
    for (const layer of map.tiled.layers ?? []) {
      if (layer.type !== "tilelayer") continue;
      const drawn = tilemap.createLayer(layer.name, tilesets, 0, 0);
      if (drawn) this.mapObjects.push(drawn.setDepth(-10));
    }
    for (const portal of map.model.portals) {
      const g = this.add.graphics().setDepth(-5);
      g.fillStyle(0x9b59ff, 0.45).fillRect(portal.x * FRAME_PX, portal.y * FRAME_PX, portal.width * FRAME_PX, portal.height * FRAME_PX);
      g.lineStyle(2, 0xe0c8ff, 0.9).strokeRect(portal.x * FRAME_PX + 1, portal.y * FRAME_PX + 1, portal.width * FRAME_PX - 2, portal.height * FRAME_PX - 2);
      const label = this.add
        .text((portal.x + portal.width / 2) * FRAME_PX, portal.y * FRAME_PX - 2, `to ${portal.targetMap}`, {
          fontFamily: "system-ui, sans-serif", fontSize: "11px", color: "#f0e0ff", stroke: "#2a0a4a", strokeThickness: 3,
        })
        .setOrigin(0.5, 1)
        .setDepth(1e5);
      this.mapObjects.push(g, label);
    }
    this.cameras.main.setBounds(0, 0, map.model.width * FRAME_PX, map.model.height * FRAME_PX);
    this.shown = map;
  }

  /** Marks the tile a click walks to (null: no mark). */
  markTarget(tile: { x: number; y: number } | null): void {
    this.marker.clear();
    if (!tile) return;
    this.marker.lineStyle(2, 0xffe066, 1).strokeRect(tile.x * FRAME_PX + 2, tile.y * FRAME_PX + 2, FRAME_PX - 4, FRAME_PX - 4);
  }

  /** Whether the camera follows the player (the player's view exists and the view is centred on it). */
  get following(): boolean {
    return this.followed !== null;
  }

  /** Whether the last frame drew the player standing on a tile (the camera is still). */
  settled = false;

  /** Where the centre of a tile is on the page (CSS pixels), for pointing at it. */
  tileToPage(x: number, y: number): { x: number; y: number } {
    const camera = this.cameras.main;
    const canvas = this.game.canvas.getBoundingClientRect();
    const scale = canvas.width / this.scale.width;
    return {
      x: canvas.left + ((x + 0.5) * FRAME_PX - camera.worldView.x) * camera.zoom * scale,
      y: canvas.top + ((y + 0.5) * FRAME_PX - camera.worldView.y) * camera.zoom * scale,
    };
  }

  override update(): void {
    const state = this.model?.state();
    if (!state || !this.shown || state.mapId !== this.shown.id) return;
    const now = this.time.now;
    const me = this.model.myId();
    const seen = new Set<string>();
    state.players.forEach((p, key) => {
      seen.add(key);
      const view = this.players.get(key);
      if (view) view.update(p, now);
      else this.players.set(key, new CharacterView(this, "players", p.id % PLAYER_LOOKS, p.username, p.id === me, p, now));
    });
    for (const [key, view] of this.players) {
      if (seen.has(key)) continue;
      view.destroy();
      this.players.delete(key);
    }
    const mine = me === null ? undefined : this.players.get(String(me));
    if (mine && mine !== this.followed) {
      this.followed = mine;
      this.cameras.main.startFollow(mine.container, true, 1, 1);
    }
    this.settled = mine !== undefined && !mine.isMoving(now);
    this.syncGround(state);
  }

  private syncGround(state: MapState): void {
    const seen = new Set<string>();
    state.groundItems.forEach((item, key) => {
      seen.add(key);
      let view = this.ground.get(key);
      if (view && (view.x !== item.x || view.y !== item.y)) {
        this.destroyGround(view);
        view = undefined;
      }
      if (!view) {
        const image = this.add.image((item.x + 0.5) * FRAME_PX, (item.y + 0.5) * FRAME_PX, "icons", this.model.iconFrame(item.itemId));
        image.setScale(0.75).setDepth(item.y * FRAME_PX + 1);
        view = { image, count: null, x: item.x, y: item.y };
        this.ground.set(key, view);
      }
      const text = item.quantity > 1 ? String(item.quantity) : "";
      if ((view.count?.text ?? "") !== text) {
        view.count?.destroy();
        view.count = text
          ? this.add
              .text((item.x + 1) * FRAME_PX - 3, (item.y + 1) * FRAME_PX - 2, text, { fontFamily: "system-ui, sans-serif", fontSize: "10px", color: "#ffff80", stroke: "#000", strokeThickness: 3 })
              .setOrigin(1, 1)
              .setDepth(item.y * FRAME_PX + 2)
          : null;
      }
    });
    for (const [key, view] of this.ground) {
      if (seen.has(key)) continue;
      this.destroyGround(view);
      this.ground.delete(key);
    }
  }

  private destroyGround(view: GroundView): void {
    view.image.destroy();
    view.count?.destroy();
  }

  private clearEntities(): void {
    for (const view of this.players.values()) view.destroy();
    this.players.clear();
    for (const view of this.ground.values()) this.destroyGround(view);
    this.ground.clear();
    this.followed = null;
    this.settled = false;
    this.cameras.main.stopFollow();
    this.markTarget(null);
  }

  private tilesetKey(map: ShownMap, image: string): string {
    return `tileset:${new URL(image, map.url).href}`;
  }

  private async loadTilesets(map: ShownMap): Promise<void> {
    const missing = (map.tiled.tilesets ?? []).filter((t) => t.image && !this.textures.exists(this.tilesetKey(map, t.image)));
    if (missing.length === 0) return;
    await new Promise<void>((resolve) => {
      for (const t of missing) this.load.image(this.tilesetKey(map, t.image!), new URL(t.image!, map.url).href);
      this.load.once(Phaser.Loader.Events.COMPLETE, () => resolve());
      this.load.start();
    });
  }
}
