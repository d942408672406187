import { App } from "./app/App.js";

declare global {
  interface Window {
    /** The running client, for tests and the curious: its game, session, room and panels. */
    rpg: RpgHandle;
  }
}

/** What the page exposes on `window.rpg` (tests assert on real state through it). */
export interface RpgHandle {
  app: App;
  game: App["game"];
  session: App["session"];
  readonly room: App["session"]["room"];
  scene: App["scene"];
  walker: App["walker"];
  notices: App["notices"];
  me(): ReturnType<App["me"]>;
  personal(): ReturnType<App["personal"]>;
  combat: App["combat"];
  gathering: App["gathering"];
  economy: App["economy"];
  trading: App["trading"];
  death: App["death"];
  /** The page coordinates (CSS pixels) of a tile's centre, for clicking it. */
  tileToPage(x: number, y: number): { x: number; y: number };
  /** The page coordinates of the middle of an NPC's or player's sprite as drawn now (null: not drawn). */
  characterToPage(type: "npc" | "player", id: number): { x: number; y: number } | null;
}

/** The server the page came from; the development server (Vite) talks to the game server beside it. */
function endpoint(): string {
  if (import.meta.env.DEV) return import.meta.env.RPG_DEV_SERVER as string;
  return new URL(".", document.baseURI).href.replace(/\/$/, "");
}

const app = new App(endpoint(), document.getElementById("game")!, document.getElementById("ui")!);
window.rpg = {
  app,
  game: app.game,
  session: app.session,
  get room() {
    return app.session.room;
  },
  scene: app.scene,
  walker: app.walker,
  notices: app.notices,
  me: () => app.me(),
  personal: () => app.personal(),
  combat: app.combat,
  gathering: app.gathering,
  economy: app.economy,
  trading: app.trading,
  death: app.death,
  tileToPage: (x, y) => app.scene.tileToPage(x, y),
  characterToPage: (type, id) => app.scene.characterToPage({ type, id }),
};
void app.start();
