import * as Phaser from "phaser";
import { ASSET_URLS, FRAME_PX, NPC_LOOKS, npcLookOf, PLAYER_LOOKS } from "../art/artCatalogue.js";
import type { GameMap } from "../../../src/content/GameMap.js";
import type { HitMessage } from "../../../src/protocol/index.js";
import type { GroundItemState, MapState, NpcState, PlayerState } from "../../../src/schema/MapState.js";
import { splatOf } from "../logic/hitSplatLayout.js";
import { CharacterView } from "./CharacterView.js";
import { HitSplats } from "./HitSplats.js";
import { ResourceViews } from "./ResourceViews.js";

/** A character a click or a fight is about. */
export interface EntityRef {
  type: "npc" | "player";
  id: number;
}

/** What the scene draws, read every frame. */
export interface WorldModel {
  state(): MapState | null;
  myId(): number | null;
  /** The icons' sheet frame of an item. */
  iconFrame(itemId: number): number;
  /** An NPC's label (name and combat level) and its colour (by behaviour). */
  npcLabel(npc: NpcState): { text: string; color: string };
  /** The character the player is fighting or walking up to fight (a ring under it), or null. */
  target(): EntityRef | null;
  /** One tile's glide: players walk at the move cooldown's pace, NPCs step once a tick. */
  glideMs(type: EntityRef["type"]): number;
}

/** A map as the scene draws it: its Tiled JSON, the URL it came from and the server's own model of it. */
export interface ShownMap {
  id: string;
  url: string;
  tiled: { tilesets?: { name: string; image?: string }[]; layers?: { type: string; name: string }[] };
  model: GameMap;
}

/** A click on the map: its tile, the NPC or player drawn under the pointer, if any (front-most), and the resource on the tile. */
export interface WorldClick {
  x: number;
  y: number;
  npcId: number | null;
  playerId: number | null;
  resourceId: number | null;
}

interface GroundView {
  image: Phaser.GameObjects.Image;
  count: Phaser.GameObjects.Text | null;
  x: number;
  y: number;
  seenFrame: number;
}

const LAST_SEEN_MS = 3_000;

/**
 * The game view: the map's layers from its Tiled JSON, portals, players and NPCs (sprite, label, HP bar,
 * gliding between tiles), resources (depleted or not), ground items (icons) and floating hit numbers, kept in step with the room state
 * every frame; the camera follows the player. Views are made once per character and reused every frame
 * (nothing is allocated per character per frame). A click on the map reports its tile and the character
 * under the pointer (`onClick`).
 */
export class WorldScene extends Phaser.Scene {
  model!: WorldModel;
  onClick: (click: WorldClick) => void = () => undefined;
  shown: ShownMap | null = null;
  /** The last click on the map (for tests and the curious). */
  lastClick: WorldClick | null = null;
  readonly players = new Map<string, CharacterView>();
  readonly npcs = new Map<string, CharacterView>();
  readonly ground = new Map<string, GroundView>();
  splats!: HitSplats;
  resources!: ResourceViews;
  /** Every character view by its target key ("npc:3", "player:12"), as hit numbers name their targets. */
  private readonly byTargetKey = new Map<string, CharacterView>();
  private readonly lastSeen = new Map<string, { x: number; y: number; atMs: number }>();
  private mapObjects: Phaser.GameObjects.GameObject[] = [];
  private tilemap: Phaser.Tilemaps.Tilemap | null = null;
  private marker!: Phaser.GameObjects.Graphics;
  private targetRing!: Phaser.GameObjects.Graphics;
  private ringOn: CharacterView | null = null;
  private followed: CharacterView | null = null;
  private frame = 0;
  private now = 0;
  private me: number | null = null;
  private readonly anchor = { x: 0, y: 0 };
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
    this.targetRing = this.add.graphics().setVisible(false);
    this.targetRing.lineStyle(2, 0xff4a3a, 0.95).strokeEllipse(0, -3, 26, 10);
    this.splats = new HitSplats(this);
    this.resources = new ResourceViews(this);
    this.input.on("pointerdown", (pointer: Phaser.Input.Pointer) => {
      if (!this.shown || pointer.button !== 0) return;
      const world = this.cameras.main.getWorldPoint(pointer.x, pointer.y);
      const [x, y] = [Math.floor(world.x / FRAME_PX), Math.floor(world.y / FRAME_PX)];
      this.lastClick = {
        x,
        y,
        resourceId: this.resources.at(x, y),
        npcId: this.characterAt(this.npcs, world.x, world.y),
        playerId: this.characterAt(this.players, world.x, world.y, String(this.me)),
      };
      this.onClick(this.lastClick);
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
    for (const area of map.model.pvpAreas) {
      const g = this.add.graphics().setDepth(-6);
      g.fillStyle(0xd03030, 0.12).fillRect(area.x * FRAME_PX, area.y * FRAME_PX, area.width * FRAME_PX, area.height * FRAME_PX);
      g.lineStyle(2, 0xff5040, 0.7).strokeRect(area.x * FRAME_PX + 1, area.y * FRAME_PX + 1, area.width * FRAME_PX - 2, area.height * FRAME_PX - 2);
      this.mapObjects.push(g, this.label((area.x + area.width / 2) * FRAME_PX, area.y * FRAME_PX - 2, "PvP area", "#ffd0c8", "#4a0a0a"));
    }
    for (const portal of map.model.portals) {
      const g = this.add.graphics().setDepth(-5);
      g.fillStyle(0x9b59ff, 0.45).fillRect(portal.x * FRAME_PX, portal.y * FRAME_PX, portal.width * FRAME_PX, portal.height * FRAME_PX);
      g.lineStyle(2, 0xe0c8ff, 0.9).strokeRect(portal.x * FRAME_PX + 1, portal.y * FRAME_PX + 1, portal.width * FRAME_PX - 2, portal.height * FRAME_PX - 2);
      this.mapObjects.push(g, this.label((portal.x + portal.width / 2) * FRAME_PX, portal.y * FRAME_PX - 2, `to ${portal.targetMap}`, "#f0e0ff", "#2a0a4a"));
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

  /** Shows a `hit` as a number over its target (0: a miss, in a look of its own). */
  showHit(hit: HitMessage): void {
    const key = `${hit.targetType}:${hit.targetId}`;
    const { kind, text } = splatOf(hit.damage);
    this.splatOn(key, kind, text);
  }

  /** Shows HP healed (eating) as a green number over the player. */
  showHeal(playerId: number, healed: number): void {
    const { kind, text } = splatOf(healed, true);
    this.splatOn(`player:${playerId}`, kind, text);
  }

  /** Whether the camera follows the player (the player's view exists and the view is centred on it). */
  get following(): boolean {
    return this.followed !== null;
  }

  /** Whether the last frame drew the player standing on a tile (the camera is still). */
  settled = false;

  /** Where the centre of a tile is on the page (CSS pixels), for pointing at it. */
  tileToPage(x: number, y: number): { x: number; y: number } {
    return this.worldToPage((x + 0.5) * FRAME_PX, (y + 0.5) * FRAME_PX);
  }

  /** Where the middle of a character's sprite is drawn on the page now (CSS pixels), or null when it is not drawn. */
  characterToPage(ref: EntityRef): { x: number; y: number } | null {
    const view = (ref.type === "npc" ? this.npcs : this.players).get(String(ref.id));
    return view ? this.worldToPage(view.container.x, view.container.y - FRAME_PX / 2 + 1) : null;
  }

  override update(): void {
    const state = this.model?.state();
    if (!state || !this.shown || state.mapId !== this.shown.id) return;
    this.now = this.time.now;
    this.me = this.model.myId();
    this.frame++;
    state.players.forEach(this.syncPlayer);
    this.players.forEach(this.removeUnseenPlayer);
    state.npcs.forEach(this.syncNpc);
    this.npcs.forEach(this.removeUnseenNpc);
    const mine = this.me === null ? undefined : this.players.get(String(this.me));
    if (mine && mine !== this.followed) {
      this.followed = mine;
      this.cameras.main.startFollow(mine.container, true, 1, 1);
    }
    this.settled = mine !== undefined && !mine.isMoving(this.now);
    this.resources.sync(state.resources);
    state.groundItems.forEach(this.syncGroundItem);
    this.ground.forEach(this.removeUnseenGround);
    this.placeTargetRing();
    this.splats.update(this.now, this.anchorOf);
  }

  private readonly syncPlayer = (p: PlayerState, key: string): void => {
    let view = this.players.get(key);
    if (view) view.update(p, this.now);
    else {
      const mine = p.id === this.me;
      view = new CharacterView(this, {
        sheet: "players", row: p.id % PLAYER_LOOKS, label: p.username, labelColor: mine ? "#ffe066" : "#ffffff", highlight: mine,
        stepMs: this.model.glideMs("player"),
      }, p, this.now);
      this.players.set(key, view);
      this.byTargetKey.set(`player:${key}`, view);
    }
    view.seenFrame = this.frame;
  };

  private readonly syncNpc = (npc: NpcState, key: string): void => {
    let view = this.npcs.get(key);
    if (view) view.update(npc, this.now);
    else {
      const label = this.model.npcLabel(npc);
      view = new CharacterView(this, {
        sheet: "npcs", row: NPC_LOOKS.indexOf(npcLookOf(npc.kind)), label: label.text, labelColor: label.color, highlight: false,
        stepMs: this.model.glideMs("npc"),
      }, npc, this.now);
      this.npcs.set(key, view);
      this.byTargetKey.set(`npc:${key}`, view);
    }
    view.seenFrame = this.frame;
  };

  private readonly syncGroundItem = (item: GroundItemState, key: string): void => {
    let view = this.ground.get(key);
    if (view && (view.x !== item.x || view.y !== item.y)) {
      this.destroyGround(view);
      view = undefined;
    }
    if (!view) {
      const image = this.add.image((item.x + 0.5) * FRAME_PX, (item.y + 0.5) * FRAME_PX, "icons", this.model.iconFrame(item.itemId));
      image.setScale(0.75).setDepth(item.y * FRAME_PX + 1);
      view = { image, count: null, x: item.x, y: item.y, seenFrame: 0 };
      this.ground.set(key, view);
    }
    view.seenFrame = this.frame;
    const wanted = item.quantity > 1 ? item.quantity : 0;
    const shown = view.count ? Number(view.count.text) : 0;
    if (wanted !== shown) {
      view.count?.destroy();
      view.count = wanted
        ? this.add
            .text((item.x + 1) * FRAME_PX - 3, (item.y + 1) * FRAME_PX - 2, String(wanted), { fontFamily: "system-ui, sans-serif", fontSize: "10px", color: "#ffff80", stroke: "#000", strokeThickness: 3 })
            .setOrigin(1, 1)
            .setDepth(item.y * FRAME_PX + 2)
        : null;
    }
  };

  /** Where a number's target is drawn now (a reused object), or where it was last seen for a while after it went. */
  private readonly anchorOf = (targetKey: string): { x: number; y: number } | null => {
    const view = this.byTargetKey.get(targetKey);
    if (view) {
      this.anchor.x = view.container.x;
      this.anchor.y = view.container.y - FRAME_PX / 2;
      return this.anchor;
    }
    return this.lastSeen.get(targetKey) ?? null;
  };

  private splatOn(targetKey: string, kind: "hit" | "miss" | "heal", text: string): void {
    const anchor = this.anchorOf(targetKey);
    if (!anchor || !this.splats) return;
    this.splats.show(targetKey, kind, text, anchor, this.time.now);
  }

  // Map.forEach with these callbacks visits every view without allocating (a for-of makes an entry per view).
  private readonly removeUnseenPlayer = (view: CharacterView, key: string): void => this.removeIfUnseen(this.players, "player", view, key);
  private readonly removeUnseenNpc = (view: CharacterView, key: string): void => this.removeIfUnseen(this.npcs, "npc", view, key);
  private readonly removeUnseenGround = (view: GroundView, key: string): void => {
    if (view.seenFrame === this.frame) return;
    this.destroyGround(view);
    this.ground.delete(key);
  };

  private removeIfUnseen(views: Map<string, CharacterView>, type: EntityRef["type"], view: CharacterView, key: string): void {
    if (view.seenFrame === this.frame) return;
    const targetKey = `${type}:${key}`;
    // A killing blow's number may come after the NPC is gone: it shows where the NPC was.
    this.lastSeen.set(targetKey, { ...view.middle, atMs: this.now });
    if (this.lastSeen.size > 64) {
      for (const [k, seen] of this.lastSeen) if (this.now - seen.atMs > LAST_SEEN_MS) this.lastSeen.delete(k);
    }
    if (view === this.ringOn) this.ringOn = null;
    this.byTargetKey.delete(targetKey);
    view.destroy();
    views.delete(key);
  }

  private placeTargetRing(): void {
    const target = this.model.target();
    const view = target ? (target.type === "npc" ? this.npcs : this.players).get(String(target.id)) : undefined;
    if (view !== this.ringOn) {
      this.ringOn = view ?? null;
      this.targetRing.setVisible(view !== undefined);
    }
    if (view) this.targetRing.setPosition(view.container.x, view.container.y).setDepth(view.container.depth - 0.1);
  }

  /** The id of the front-most character drawn under the world point, or null (`except`: a key to skip). */
  private characterAt(views: Map<string, CharacterView>, px: number, py: number, except?: string): number | null {
    let found: string | null = null;
    let depth = -Infinity;
    for (const [key, view] of views) {
      if (key === except || !view.contains(px, py) || view.container.depth <= depth) continue;
      found = key;
      depth = view.container.depth;
    }
    return found === null ? null : Number(found);
  }

  private worldToPage(wx: number, wy: number): { x: number; y: number } {
    const camera = this.cameras.main;
    const canvas = this.game.canvas.getBoundingClientRect();
    const scale = canvas.width / this.scale.width;
    return {
      x: canvas.left + (wx - camera.worldView.x) * camera.zoom * scale,
      y: canvas.top + (wy - camera.worldView.y) * camera.zoom * scale,
    };
  }

  private label(x: number, y: number, text: string, color: string, stroke: string): Phaser.GameObjects.Text {
    return this.add
      .text(x, y, text, { fontFamily: "system-ui, sans-serif", fontSize: "11px", color, stroke, strokeThickness: 3 })
      .setOrigin(0.5, 1)
      .setDepth(1e5);
  }

  private destroyGround(view: GroundView): void {
    view.image.destroy();
    view.count?.destroy();
  }

  private clearEntities(): void {
    for (const view of this.players.values()) view.destroy();
    this.players.clear();
    for (const view of this.npcs.values()) view.destroy();
    this.npcs.clear();
    this.byTargetKey.clear();
    for (const view of this.ground.values()) this.destroyGround(view);
    this.ground.clear();
    this.resources?.clear();
    this.lastSeen.clear();
    this.splats?.clear();
    this.ringOn = null;
    this.targetRing?.setVisible(false);
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
