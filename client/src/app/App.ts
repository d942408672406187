import * as Phaser from "phaser";
import { GameMap } from "../../../src/content/GameMap.js";
import type { ItemDefinition } from "../../../src/content/ItemDefinition.js";
import {
  SERVER_MESSAGES, type AttemptMessage, type AuthResponse, type ChatMessage, type CommandResult, type HitMessage, type TradeMessage, type TradeRequestMessage, type LevelUpMessage, type NpcKindInfo,
  type PublicRules,
} from "../../../src/protocol/index.js";
import type { NpcState, PersonalState, PlayerState } from "../../../src/schema/MapState.js";
import { WorldScene, type ShownMap } from "../game/WorldScene.js";
import { refusalWords, type RefusalContext } from "../logic/refusalWords.js";
import { Walker } from "../logic/Walker.js";
import { GameSession, type ConnectionStatus, type MapRoom } from "../net/GameSession.js";
import { fetchItems, fetchMap, fetchNpcKinds, fetchRules, fetchShop } from "../net/http.js";
import { BankPanel } from "../ui/BankPanel.js";
import { ShopPanel } from "../ui/ShopPanel.js";
import { TradePanel } from "../ui/TradePanel.js";
import { ChatPanel } from "../ui/ChatPanel.js";
import { DeathScreen } from "../ui/DeathScreen.js";
import { iconFrameOf } from "../ui/icons.js";
import { Hud } from "../ui/Hud.js";
import { LoginView } from "../ui/LoginView.js";
import { Panels } from "../ui/Panels.js";
import type { NoticeKind, UiContext } from "../ui/UiContext.js";
import { CombatController } from "./CombatController.js";
import { EconomyController } from "./EconomyController.js";
import { GatheringController } from "./GatheringController.js";
import { TradeController } from "./TradeController.js";
import { Controls } from "./Controls.js";

const NPC_LABEL_COLORS: Record<NpcKindInfo["behaviour"], string> = { aggressive: "#ff9a8a", passive: "#f4ecd0", peaceful: "#a8f0b0" };


/** A notice shown to the player, kept for tests to read. */
export interface Notice {
  words: string;
  kind: NoticeKind;
  at: number;
}

/**
 * The browser client: login, then the world (Phaser) and the panels (DOM) over one GameSession. It walks by
 * keys and clicks (Walker), fights (CombatController), eats, picks up, follows map changes, shows deaths
 * and level-ups, and shows every refusal in words. It paces itself by the server's rules (`GET /rules`).
 */
export class App implements UiContext {
  readonly session: GameSession;
  readonly game: Phaser.Game;
  readonly scene: WorldScene;
  readonly walker: Walker;
  readonly notices: Notice[] = [];
  items: ReadonlyMap<number, ItemDefinition> = new Map();
  npcKinds: ReadonlyMap<string, NpcKindInfo> = new Map();
  /** The server's rule numbers (`GET /rules`), loaded before the game starts. */
  rules: PublicRules | null = null;
  readonly combat: CombatController;
  readonly gathering: GatheringController;
  /** The bank and the shops. */
  readonly economy: EconomyController;
  readonly trading: TradeController;
  readonly bankPanel: BankPanel;
  readonly shopPanel: ShopPanel;
  readonly tradePanel: TradePanel;
  readonly death: DeathScreen;
  gameMap: GameMap | null = null;
  private readonly maps = new Map<string, Promise<ShownMap>>();
  private readonly login: LoginView;
  private readonly hud: Hud;
  readonly panels: Panels;
  private readonly controls: Controls;
  readonly chat: ChatPanel;
  private readonly ui: HTMLElement;
  private refreshQueued = false;
  private shownFocus: unknown = null;

  constructor(endpoint: string, gameParent: HTMLElement, ui: HTMLElement) {
    this.ui = ui;
    this.session = new GameSession(endpoint);
    this.scene = new WorldScene();
    this.scene.model = {
      state: () => this.session.state,
      myId: () => this.session.player?.id ?? null,
      iconFrame: (itemId) => iconFrameOf(this.items.get(itemId)),
      npcLabel: (npc) => this.npcLabel(npc),
      target: () => this.combat.focus,
      glideMs: (type) => (type === "npc" ? this.rulesNow.gameTickMs : this.rulesNow.moveCooldownMs),
    };
    this.scene.onClick = (click) => this.controls.click(click);
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
    const rules = () => this.rulesNow;
    this.walker = new Walker({
      now: () => performance.now(),
      position: () => this.me() ?? null,
      map: () => (this.gameMap && this.gameMap.id === this.session.state?.mapId ? this.gameMap : null),
      sendMove: (dir) => this.session.send("move", { dir }),
      // The server's move cooldown; a slower server answers RATE_LIMITED, which the walker waits out.
      get paceMs() {
        return rules().moveCooldownMs;
      },
      onRefused: (result) => this.explain(result),
    });
    // What every controller uses to act: the walker, commands, refusals in words and notices.
    const commands = {
      walker: this.walker,
      send: (type: string, payload: Record<string, unknown>) => this.session.send(type, payload),
      explain: (result: CommandResult, context: RefusalContext) => this.explain(result, context),
      notice: (words: string, kind?: NoticeKind) => this.notice(words, kind),
    };
    this.combat = new CombatController({
      state: () => this.session.state,
      me: () => this.me(),
      myId: () => this.session.player?.id ?? null,
      kind: (kind) => this.npcKinds.get(kind),
      ...commands,
      now: () => performance.now(),
    });
    this.gathering = new GatheringController({
      state: () => this.session.state,
      me: () => this.me(),
      personal: () => this.personal(),
      item: (itemId) => this.items.get(itemId),
      ...commands,
      now: () => performance.now(),
    });
    this.economy = new EconomyController({
      state: () => this.session.state,
      me: () => this.me(),
      personal: () => this.personal(),
      booths: () => (this.gameMap && this.gameMap.id === this.session.state?.mapId ? this.gameMap.banks : []),
      rules: () => this.rulesNow,
      kind: (kind) => this.npcKinds.get(kind),
      item: (itemId) => this.items.get(itemId),
      ...commands,
      fetchShop,
      changed: () => this.queueRefresh(),
    });
    this.trading = new TradeController({
      state: () => this.session.state,
      me: () => this.me(),
      rules: () => this.rulesNow,
      ...commands,
      now: () => performance.now(),
      changed: () => this.queueRefresh(),
    });
    this.bankPanel = new BankPanel(this, this.economy);
    this.shopPanel = new ShopPanel(this, this.economy);
    this.tradePanel = new TradePanel(this, this.trading);
    this.death = new DeathScreen();
    this.game.events.on(Phaser.Core.Events.STEP, () => this.onFrame());

    this.login = new LoginView((auth) => this.enter(auth));
    this.hud = new Hud(() => void this.logout());
    this.chat = new ChatPanel(this, () => this.session.player?.username ?? null);
    this.panels = new Panels(this);
    ui.append(this.login.element, this.hud.element, this.panels.element, this.bankPanel.element, this.shopPanel.element, this.tradePanel.element, this.tradePanel.requests, this.chat.element, this.hud.toasts, this.hud.banners, this.death.element);
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
      if (type === SERVER_MESSAGES.hit) this.onHit(payload as HitMessage);
      if (type === SERVER_MESSAGES.levelUp) this.onLevelUp(payload as LevelUpMessage);
      if (type === SERVER_MESSAGES.attempt) this.gathering.onAttempt(payload as AttemptMessage);
      if (type === SERVER_MESSAGES.tradeRequest) this.trading.onTradeRequest(payload as TradeRequestMessage);
      if (type === SERVER_MESSAGES.trade) this.trading.onTrade(payload as TradeMessage);
      if (type === SERVER_MESSAGES.transfer) {
        // The answer to the step onto the portal may never come: the room is left at once.
        this.walker.stop();
        this.scene.markTarget(null);
      }
    });
    this.controls = new Controls(this);
    window.addEventListener("keydown", (e) => this.controls.onKeyDown(e));
    window.addEventListener("keyup", (e) => this.controls.onKeyUp(e));
    window.addEventListener("blur", () => this.walker.releaseKeys());
  }

  /** Resumes the tab's session (a reload), or shows the login form. */
  async start(): Promise<void> {
    const loaded = await this.loadReference();
    if (!this.session.canResume) return this.toLogin(loaded ? "" : this.unreachable);
    if (!loaded) return this.toLogin(this.unreachable);
    this.setPlaying(true);
    await this.session.resume();
  }

  /** The server's rules; the game never runs before they are loaded. */
  get rulesNow(): PublicRules {
    if (!this.rules) throw new Error("the server's rules are not loaded");
    return this.rules;
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
    this.explain(result, context);
    return result;
  }

  /** Shows a refused command in words (nothing for a success, or for the answer to a command of a room left). */
  explain(result: CommandResult, context: RefusalContext = {}): void {
    if (!result.ok && !this.session.wasAbandoned(result)) this.notice(refusalWords(result, context), result.code === "MUTED" ? "muted" : "error");
  }

  async eat(slot: number): Promise<void> {
    const item = this.items.get(this.personal()?.inventory.get(String(slot))?.itemId ?? -1);
    const result = await this.command("eat", { slot }, item ? { item } : {});
    if (!result.ok) return;
    const healed = (result.data as { healed?: number } | undefined)?.healed ?? 0;
    const name = item?.displayName ?? "the food";
    this.notice(healed > 0 ? `You eat the ${name}: +${healed} HP.` : `You eat the ${name} (your HP was already full).`);
    const myId = this.session.player?.id;
    if (myId !== undefined) this.scene.showHeal(myId, healed);
  }

  /** An inventory click while trading offers, at an open bank deposits, at an open shop sells. */
  useSlotInWindow(slot: number, stack: { itemId: number; quantity: number }): boolean {
    if (this.trading.trade) this.tradePanel.askOffer(slot, stack);
    else if (this.economy.open?.type === "bank") this.bankPanel.askDeposit(slot, stack);
    else if (this.economy.open?.type === "shop") this.shopPanel.askSell(slot, stack);
    else return false;
    return true;
  }

  notice(words: string, kind: NoticeKind = "info"): void {
    this.notices.push({ words, kind, at: Date.now() });
    if (this.notices.length > 200) this.notices.splice(0, this.notices.length - 200);
    this.hud.toast(words, kind);
    this.chat.add({ kind: kind === "info" ? "notice" : kind, text: words, at: Date.now() });
  }

  private async onRoom(room: MapRoom): Promise<void> {
    this.walker.stop();
    this.combat.reset();
    this.gathering.reset();
    this.economy.close();
    this.trading.reset();
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
      this.hud.renderTarget(this.combat.describe() ?? this.gathering.describe() ?? this.economy.describe());
      this.panels.render(this.personal(), me);
      this.bankPanel.render(this.economy.open?.type === "bank", this.personal());
      this.shopPanel.render(this.economy.open?.type === "shop", this.economy.shop);
      this.tradePanel.render(this.trading.trade, this.trading.pendingRequests());
    });
  }

  private async enter(auth: AuthResponse): Promise<void> {
    if (!(await this.loadReference())) return this.toLogin(this.unreachable);
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
    this.combat.reset();
    this.gathering.reset();
    this.economy.close();
    this.trading.reset();
    this.death.reset();
    this.setPlaying(false);
    this.login.show(words);
  }

  /** Whether the game is shown (not the login form). */
  get playing(): boolean {
    return this.ui.classList.contains("playing");
  }

  private setPlaying(playing: boolean): void {
    this.ui.classList.toggle("playing", playing);
    if (playing) this.login.hide();
  }

  /** Every frame: walking, fighting, the death screen and the HUD's fight line. */
  private onFrame(): void {
    this.walker.update();
    this.combat.update();
    this.economy.update();
    const me = this.me();
    if (me && this.rules) {
      const change = this.death.update(me.dead, performance.now(), this.rules.respawnDelayMs);
      if (change === "died") {
        this.walker.stop();
        this.combat.reset();
        this.scene.markTarget(null);
        this.notice("You died. Everything you carried lies where you fell, kept for you alone for a while.", "error");
      } else if (change === "respawned") this.notice("You respawned with full HP.");
    }
    const focus = this.combat.focus ?? this.gathering.approaching;
    if (focus !== this.shownFocus) {
      this.shownFocus = focus;
      this.queueRefresh();
    }
  }

  private onHit(hit: HitMessage): void {
    this.combat.onHit(hit);
    this.scene.showHit(hit);
  }

  private onLevelUp({ skill, level }: LevelUpMessage): void {
    const words = `Level up: your ${capitalised(skill)} level is now ${level}.`;
    this.hud.banner(words);
    this.chat.add({ kind: "system", text: words, at: Date.now() });
  }

  private npcLabel(npc: NpcState): { text: string; color: string } {
    const kind = this.npcKinds.get(npc.kind);
    return { text: `${kind?.displayName ?? capitalised(npc.kind.replace(/_/g, " "))} (level ${npc.combatLevel})`, color: NPC_LABEL_COLORS[kind?.behaviour ?? "passive"] };
  }

  private readonly unreachable = "The server cannot be reached (its rules did not load): check that it is running, then reload the page.";

  /**
   * Loads what the game needs before it starts: the server's rules (required), the item catalogue and the
   * NPC kinds (names and icons fall back without them). False when the rules cannot be loaded.
   */
  private async loadReference(): Promise<boolean> {
    const [items, kinds, rules] = await Promise.all([
      this.items.size > 0 ? this.items : fetchItems().catch(() => new Map<number, ItemDefinition>()),
      this.npcKinds.size > 0 ? this.npcKinds : fetchNpcKinds().catch(() => new Map<string, NpcKindInfo>()),
      this.rules ?? fetchRules().catch(() => null),
    ]);
    this.items = items;
    this.npcKinds = kinds;
    this.rules = rules;
    return rules !== null;
  }
}

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
