import * as Phaser from "phaser";
import { GameMap } from "../../../src/content/GameMap.js";
import type { ItemDefinition } from "../../../src/content/ItemDefinition.js";
import { SERVER_MESSAGES, type AuthResponse, type ChatMessage, type CommandResult, type Direction } from "../../../src/protocol/index.js";
import type { PersonalState, PlayerState } from "../../../src/schema/MapState.js";
import { WorldScene, type ShownMap } from "../game/WorldScene.js";
import { refusalWords, type RefusalContext } from "../logic/refusalWords.js";
import { tileGoal } from "../logic/walkPlan.js";
import { Walker, type WalkOutcome } from "../logic/Walker.js";
import { GameSession, type ConnectionStatus, type MapRoom } from "../net/GameSession.js";
import { fetchItems, fetchMap } from "../net/http.js";
import { ChatPanel } from "../ui/ChatPanel.js";
import { typingInField } from "../ui/dom.js";
import { iconFrameOf } from "../ui/icons.js";
import { Hud } from "../ui/Hud.js";
import { LoginView } from "../ui/LoginView.js";
import { Panels } from "../ui/Panels.js";
import type { NoticeKind, UiContext } from "../ui/UiContext.js";

/** The server's move cooldown (GAME_RULES "Movement"); a slower server answers RATE_LIMITED, which the walker waits out. */
const MOVE_PACE_MS = 150;

const MOVE_KEYS: Record<string, Direction> = {
  ArrowUp: "up", ArrowDown: "down", ArrowLeft: "left", ArrowRight: "right",
  w: "up", s: "down", a: "left", d: "right", W: "up", S: "down", A: "left", D: "right",
};

/** A notice shown to the player, kept for tests to read. */
export interface Notice {
  words: string;
  kind: NoticeKind;
  at: number;
}

/**
 * The browser client: login, then the world (Phaser) and the panels (DOM) over one GameSession. It walks by
 * keys and clicks (Walker), picks up, follows map changes, and shows every refusal in words.
 */
export class App implements UiContext {
  readonly session: GameSession;
  readonly game: Phaser.Game;
  readonly scene: WorldScene;
  readonly walker: Walker;
  readonly notices: Notice[] = [];
  items: ReadonlyMap<number, ItemDefinition> = new Map();
  gameMap: GameMap | null = null;
  private readonly maps = new Map<string, Promise<ShownMap>>();
  private readonly login: LoginView;
  private readonly hud: Hud;
  private readonly panels: Panels;
  readonly chat: ChatPanel;
  private readonly ui: HTMLElement;
  private refreshQueued = false;

  constructor(endpoint: string, gameParent: HTMLElement, ui: HTMLElement) {
    this.ui = ui;
    this.session = new GameSession(endpoint);
    this.scene = new WorldScene();
    this.scene.model = {
      state: () => this.session.state,
      myId: () => this.session.player?.id ?? null,
      iconFrame: (itemId) => iconFrameOf(this.items.get(itemId)),
    };
    this.scene.onTileClick = (x, y) => this.clickTile(x, y);
    this.game = new Phaser.Game({
      type: Phaser.WEBGL,
      parent: gameParent,
      backgroundColor: "#10131a",
      pixelArt: true,
      scale: { mode: Phaser.Scale.RESIZE, width: "100%", height: "100%" },
      input: { keyboard: false },
      scene: [this.scene],
      banner: false,
    });
    this.walker = new Walker({
      now: () => performance.now(),
      position: () => this.me() ?? null,
      map: () => (this.gameMap && this.gameMap.id === this.session.state?.mapId ? this.gameMap : null),
      sendMove: (dir) => this.session.send("move", { dir }),
      paceMs: MOVE_PACE_MS,
      onRefused: (result) => {
        if (!this.session.wasAbandoned(result)) this.notice(refusalWords(result as Extract<CommandResult, { ok: false }>), "error");
      },
    });
    this.game.events.on(Phaser.Core.Events.STEP, () => this.walker.update());

    this.login = new LoginView((auth) => this.enter(auth));
    this.hud = new Hud(() => void this.logout());
    this.chat = new ChatPanel(this, () => this.session.player?.username ?? null);
    this.panels = new Panels(this);
    ui.append(this.login.element, this.hud.element, this.panels.element, this.chat.element, this.hud.toasts);
    this.setPlaying(false);

    this.session.on("room", (room) => void this.onRoom(room));
    let lastStatus: ConnectionStatus = "offline";
    this.session.on("status", (status, words) => {
      this.hud.status(status, words);
      if (status === "reconnecting" || (status === "online" && lastStatus === "reconnecting")) this.notice(words, status === "online" ? "info" : "error");
      lastStatus = status;
    });
    this.session.on("ended", (words) => this.toLogin(words));
    this.session.on("message", (type, payload) => {
      if (type === SERVER_MESSAGES.chat) this.chat.receive(payload as ChatMessage);
      if (type === SERVER_MESSAGES.transfer) {
        // The answer to the step onto the portal may never come: the room is left at once.
        this.walker.stop();
        this.scene.markTarget(null);
      }
    });
    window.addEventListener("keydown", (e) => this.onKeyDown(e));
    window.addEventListener("keyup", (e) => this.onKeyUp(e));
    window.addEventListener("blur", () => this.walker.releaseKeys());
  }

  /** Resumes the tab's session (a reload), or shows the login form. */
  async start(): Promise<void> {
    this.items = await fetchItems().catch(() => new Map<number, ItemDefinition>());
    if (!this.session.canResume) return this.toLogin("");
    this.setPlaying(true);
    await this.session.resume();
  }

  /** The player's own entry of the room state. */
  me(): PlayerState | undefined {
    const id = this.session.player?.id;
    return id === undefined ? undefined : this.session.state?.players.get(String(id));
  }

  /** The player's inventory, equipment, skills and stats. */
  personal(): PersonalState | undefined {
    const id = this.session.player?.id;
    return id === undefined ? undefined : this.session.state?.personal.get(String(id));
  }

  async command(type: string, payload: Record<string, unknown>, context: RefusalContext = {}): Promise<CommandResult> {
    const result = await this.session.send(type, payload);
    if (!result.ok && !this.session.wasAbandoned(result)) this.notice(refusalWords(result, context), result.code === "MUTED" ? "muted" : "error");
    return result;
  }

  notice(words: string, kind: NoticeKind = "info"): void {
    this.notices.push({ words, kind, at: Date.now() });
    if (this.notices.length > 200) this.notices.splice(0, this.notices.length - 200);
    this.hud.toast(words, kind);
    this.chat.add({ kind: kind === "info" ? "notice" : kind, text: words, at: Date.now() });
  }

  /** Picks up what lies under the player (the first item of the tile). */
  async pickUpUnderfoot(): Promise<void> {
    const me = this.me();
    if (!me) return;
    const here = [...(this.session.state?.groundItems.values() ?? [])].filter((g) => g.x === me.x && g.y === me.y);
    const first = here[0];
    if (!first) return this.notice("There is nothing here to pick up.", "error");
    await this.pickUp(first.id, first.itemId);
  }

  private async pickUp(groundItemId: number, itemId: number): Promise<void> {
    const result = await this.command("ground:pickup", { id: groundItemId });
    if (!result.ok) return;
    const data = result.data as { quantity?: number; remaining?: number } | undefined;
    const name = this.items.get(itemId)?.displayName ?? "the item";
    const left = data?.remaining ? ` (${data.remaining} left: your inventory is full)` : "";
    this.notice(`You pick up ${data?.quantity && data.quantity > 1 ? `${data.quantity} x ` : ""}${name}${left}.`);
  }

  private clickTile(x: number, y: number): void {
    const map = this.gameMap;
    const me = this.me();
    if (!map || !me) return;
    const items = [...(this.session.state?.groundItems.values() ?? [])].filter((g) => g.x === x && g.y === y);
    if (map.isBlocked(x, y)) return this.notice("You cannot walk there.", "error");
    const item = items[0];
    const goal = tileGoal(x, y, item ? (this.items.get(item.itemId)?.displayName ?? "the item") : undefined);
    this.scene.markTarget({ x, y });
    this.walker.walkTo({
      goal,
      onEnd: (outcome: WalkOutcome) => {
        if (this.walker.goal === null) this.scene.markTarget(null);
        if (outcome === "unreachable") this.notice(`There is no way to ${goal.label}.`, "error");
        if (outcome === "arrived" && item) void this.pickUp(item.id, item.itemId);
      },
    });
  }

  private async onRoom(room: MapRoom): Promise<void> {
    this.walker.stop();
    this.scene.markTarget(null);
    room.onStateChange(() => this.queueRefresh());
    const mapId = room.state.mapId || this.session.mapId || "";
    try {
      const shown = await this.loadMap(mapId);
      if (this.session.room !== room) return;
      this.gameMap = shown.model;
      await this.scene.showMap(shown);
    } catch (err) {
      this.notice(`The map ${mapId} cannot be drawn: ${err instanceof Error ? err.message : String(err)}. Reload the page to try again.`, "error");
      throw err;
    }
    this.queueRefresh();
  }

  private loadMap(mapId: string): Promise<ShownMap> {
    let loading = this.maps.get(mapId);
    if (!loading) {
      loading = fetchMap(mapId).then(({ url, tiled }) => ({ id: mapId, url, tiled: tiled as ShownMap["tiled"], model: GameMap.fromTiled(mapId, tiled) }));
      loading.catch(() => this.maps.delete(mapId));
      this.maps.set(mapId, loading);
    }
    return loading;
  }

  private queueRefresh(): void {
    if (this.refreshQueued) return;
    this.refreshQueued = true;
    requestAnimationFrame(() => {
      this.refreshQueued = false;
      const me = this.me();
      this.hud.render(me, this.session.room?.state.mapId ?? null);
      this.panels.render(this.personal(), me);
    });
  }

  private async enter(auth: AuthResponse): Promise<void> {
    if (this.items.size === 0) this.items = await fetchItems().catch(() => new Map<number, ItemDefinition>());
    this.chat.clear();
    this.setPlaying(true);
    await this.session.start(auth);
  }

  private async logout(): Promise<void> {
    this.walker.stop();
    await this.session.logout();
    this.toLogin("You logged out.");
  }

  private toLogin(words: string): void {
    this.walker.stop();
    this.setPlaying(false);
    this.login.show(words);
  }

  private setPlaying(playing: boolean): void {
    this.ui.classList.toggle("playing", playing);
    if (playing) this.login.hide();
  }

  private onKeyDown(e: KeyboardEvent): void {
    if (!this.ui.classList.contains("playing") || e.ctrlKey || e.metaKey || e.altKey) return;
    if (typingInField(e)) return;
    const onButton = (e.target as HTMLElement | null)?.tagName === "BUTTON";
    if (onButton && (e.key === "Enter" || e.key === " ")) return;
    const dir = MOVE_KEYS[e.key];
    if (dir) {
      e.preventDefault();
      if (!e.repeat) {
        this.scene.markTarget(null);
        this.walker.press(dir);
      }
      return;
    }
    const key = e.key.toLowerCase();
    if (key === "g" || key === " ") {
      e.preventDefault();
      if (!e.repeat) void this.pickUpUnderfoot();
    } else if (key === "i" || key === "e" || key === "k") {
      e.preventDefault();
      this.panels.show(key === "i" ? "inventory" : key === "e" ? "equipment" : "skills");
    } else if (e.key === "Enter" || e.key === "/") {
      e.preventDefault();
      this.chat.focus();
      if (e.key === "/") this.chat.input.value = "/";
    }
  }

  private onKeyUp(e: KeyboardEvent): void {
    const dir = MOVE_KEYS[e.key];
    if (dir) this.walker.release(dir);
  }
}
