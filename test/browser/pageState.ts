import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { consoleErrorsOf } from "./browserSupport.js";

/** The room state and the client's own view, as plain data read from `window.rpg` in the page. */
export interface PageState {
  mapId: string | null;
  shownMapId: string | null;
  status: string;
  me: { id: number; username: string; x: number; y: number; facing: string; hp: number; maxHp: number; dead: boolean } | null;
  players: { id: number; username: string; x: number; y: number; facing: string; hp: number; maxHp: number; dead: boolean }[];
  /** Where the scene draws each player (tile units, fractional between tiles). */
  drawn: Record<string, { x: number; y: number }>;
  ground: { id: number; itemId: number; x: number; y: number; quantity: number }[];
  inventory: Record<string, { itemId: number; quantity: number }>;
  equipment: Record<string, { itemId: number; quantity: number }>;
  stats: Record<string, number>;
  notices: string[];
  loginVisible: boolean;
  loginError: string;
  /** The camera follows the player (clicks land where tileToPage says). */
  following: boolean;
  /** The player is drawn standing on a tile (the camera does not move). */
  settled: boolean;
  /** The chat log's lines. */
  chat: { kind: string; text: string; from?: string; to?: string }[];
  npcs: { id: number; kind: string; x: number; y: number; hp: number; maxHp: number; combatLevel: number }[];
  /** What the player fights (the server accepted the attack), and what it fights or walks up to. */
  target: { type: string; id: number } | null;
  focus: { type: string; id: number } | null;
  /** Every `hit` received (the last 200), and every number the scene showed (the last 100). */
  hits: { attackerType: string; attackerId: number; targetType: string; targetId: number; damage: number; hp: number }[];
  splats: { targetKey: string; kind: string; text: string }[];
  liveSplats: number;
  combatStyle: string;
  /** The style the combat panel shows as chosen. */
  shownStyle: string | null;
  skills: Record<string, { level: number; xp: number }>;
  banners: string[];
  death: { visible: boolean; countdown: string };
  hudTarget: string;
  rules: Record<string, number> | null;
}

// Runs in the page. A string, not a function: the test runner's transpiler would add helpers to a
// function's source that do not exist in the page.
const READ_STATE = `(() => {
  const rpg = globalThis.rpg;
  const login = document.querySelector("#login");
  const out = {
    mapId: null, shownMapId: null, status: "", me: null, players: [], drawn: {}, ground: [], inventory: {}, equipment: {}, stats: {}, notices: [],
    loginVisible: !login || !login.hidden, loginError: document.querySelector("#login-error")?.textContent ?? "", following: false, settled: false, chat: [],
    npcs: [], target: null, focus: null, hits: [], splats: [], liveSplats: 0, combatStyle: "", shownStyle: null, skills: {}, banners: [],
    death: { visible: false, countdown: "" }, hudTarget: "", rules: null,
  };
  if (!rpg) return out;
  const deathScreen = document.querySelector("#death-screen");
  out.death = { visible: !!deathScreen && !deathScreen.hidden, countdown: deathScreen?.querySelector(".countdown")?.textContent ?? "" };
  out.banners = [...document.querySelectorAll(".banners .banner")].map((b) => b.textContent);
  out.hudTarget = document.querySelector(".hud-target")?.hidden === false ? document.querySelector(".hud-target").textContent : "";
  out.shownStyle = document.querySelector('#combat-panel [aria-checked="true"]')?.dataset.style ?? null;
  out.rules = rpg.app.rules;
  out.target = rpg.combat.target ? { ...rpg.combat.target } : null;
  out.focus = rpg.combat.focus ? { ...rpg.combat.focus } : null;
  out.hits = rpg.combat.hits.map((h) => ({ attackerType: h.attackerType, attackerId: h.attackerId, targetType: h.targetType, targetId: h.targetId, damage: h.damage, hp: h.hp }));
  if (rpg.scene.splats) {
    out.splats = rpg.scene.splats.shown.map((s) => ({ targetKey: s.targetKey, kind: s.kind, text: s.text }));
    out.liveSplats = rpg.scene.splats.liveCount;
  }
  out.notices = rpg.notices.map((n) => n.words);
  out.chat = rpg.app.chat.lines.map((l) => ({ kind: l.kind, text: l.text, from: l.from, to: l.to }));
  out.status = document.querySelector(".connection")?.textContent ?? "";
  const state = rpg.room?.state;
  if (!state || !state.players) return out;
  out.mapId = state.mapId;
  out.shownMapId = rpg.scene.shown?.id ?? null;
  out.following = rpg.scene.following;
  out.settled = rpg.scene.settled;
  state.players.forEach((p) => out.players.push({ id: p.id, username: p.username, x: p.x, y: p.y, facing: p.facing, hp: p.hp, maxHp: p.maxHp, dead: p.dead }));
  state.groundItems?.forEach((i) => out.ground.push({ id: i.id, itemId: i.itemId, x: i.x, y: i.y, quantity: i.quantity }));
  const myId = rpg.session.player?.id;
  out.me = out.players.find((p) => p.id === myId) ?? null;
  const personal = myId === undefined ? undefined : state.personal?.get(String(myId));
  personal?.inventory?.forEach((s, k) => (out.inventory[k] = { itemId: s.itemId, quantity: s.quantity }));
  personal?.equipment?.forEach((s, k) => (out.equipment[k] = { itemId: s.itemId, quantity: s.quantity }));
  personal?.skills?.forEach((s, k) => (out.skills[k] = { level: s.level, xp: s.xp }));
  out.combatStyle = personal?.combatStyle ?? "";
  state.npcs?.forEach((n) => out.npcs.push({ id: n.id, kind: n.kind, x: n.x, y: n.y, hp: n.hp, maxHp: n.maxHp, combatLevel: n.combatLevel }));
  if (personal?.stats) for (const k of ["attack", "strength", "defence", "ranged", "magic", "health"]) out.stats[k] = personal.stats[k];
  for (const [id, view] of rpg.scene.players) out.drawn[id] = { x: (view.container.x - 16) / 32, y: (view.container.y + 2 - 32) / 32 };
  return out;
})()`;

/** Reads PageState from `window.rpg` in the page. */
export function readState(page: Page): Promise<PageState> {
  return page.evaluate<PageState>(READ_STATE);
}

/** Polls the page's state until `check` holds (bounded in time); the last state otherwise fails the test. */
export async function waitForState(page: Page, what: string, check: (s: PageState) => boolean, timeoutMs = 15_000): Promise<PageState> {
  const deadline = Date.now() + timeoutMs;
  let last: PageState | null = null;
  while (Date.now() < deadline) {
    last = await readState(page);
    if (check(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  const scene = await page.evaluate<unknown>(`(() => { const s = globalThis.rpg?.scene; return s && { status: s.sys.settings.status, booted: globalThis.rpg.game.isBooted, loading: s.load.isLoading(), shown: s.shown?.id ?? null }; })()`).catch((e: Error) => e.message);
  throw new Error(`timed out waiting for ${what}; last state: ${JSON.stringify({ ...last, players: last?.players.length, notices: last?.notices.slice(-5), chat: last?.chat.length })}; scene: ${JSON.stringify(scene)}; console: ${JSON.stringify(consoleErrorsOf(page).slice(-10))}`);
}

/** Clicks the centre of a tile on the game canvas, and checks that the game took the click for that tile. */
export async function clickTile(page: Page, x: number, y: number): Promise<void> {
  await waitForState(page, "the camera still on the player", (s) => s.following && s.settled && s.shownMapId === s.mapId);
  const at = await page.evaluate<{ x: number; y: number }>(`globalThis.rpg.tileToPage(${Number(x)}, ${Number(y)})`);
  await page.evaluate("globalThis.rpg.scene.lastClick = null");
  await page.mouse.click(at.x, at.y);
  const deadline = Date.now() + 3_000;
  let clicked: { x: number; y: number } | null = null;
  while (!clicked && Date.now() < deadline) {
    clicked = await page.evaluate<{ x: number; y: number } | null>("globalThis.rpg.scene.lastClick");
    if (!clicked) await new Promise((r) => setTimeout(r, 50));
  }
  if (clicked?.x !== x || clicked.y !== y) throw new Error(`clicked (${x}, ${y}) at page (${at.x}, ${at.y}), the game took (${clicked?.x}, ${clicked?.y})`);
}

/**
 * Clicks the middle of an NPC's (or player's) sprite where it is drawn now, and checks that the game took
 * the click for it. A character under a panel (the HUD, the chat) or one that walked off between the
 * reading and the click is tried again, a few times.
 */
export async function clickCharacter(page: Page, type: "npc" | "player", id: number): Promise<void> {
  await waitForState(page, "the camera still on the player", (s) => s.following && s.settled && s.shownMapId === s.mapId);
  const taken = type === "npc" ? "npcId" : "playerId";
  for (let tries = 0; tries < 20; tries++) {
    const at = await page.evaluate<{ x: number; y: number; onCanvas: boolean } | null>(`(() => {
      const at = globalThis.rpg.characterToPage(${JSON.stringify(type)}, ${Number(id)});
      if (!at) return null;
      return { ...at, onCanvas: document.elementFromPoint(at.x, at.y)?.tagName === "CANVAS" };
    })()`);
    if (!at?.onCanvas) {
      await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    await page.evaluate("globalThis.rpg.scene.lastClick = null");
    await page.mouse.click(at.x, at.y);
    const clicked = await page.waitForFunction("globalThis.rpg.scene.lastClick", undefined, { timeout: 3_000 }).then((h) => h.jsonValue() as Promise<Record<string, unknown>>);
    if (clicked[taken] === id) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`could not click ${type} ${id}`);
}

/** Registers a new player through the login form and waits until their map is drawn. */
export async function register(page: Page, baseUrl: string, username: string, password = "password-123"): Promise<PageState> {
  await page.goto(baseUrl);
  await page.fill("#login input[name=username]", username);
  await page.fill("#login input[name=password]", password);
  await page.click("#login button[name=register]");
  return waitForState(page, `${username} in the world`, (s) => s.me !== null && s.shownMapId === s.mapId && s.following && !s.loginVisible);
}

/**
 * Sends a command from the page through the client's session (as the panels do) and returns its result;
 * a RATE_LIMITED answer (one cooldown per command type) is waited out and the command sent again.
 */
export async function sendFromPage(page: Page, type: string, payload: Record<string, unknown>): Promise<{ ok: boolean; code?: string }> {
  for (let tries = 0; ; tries++) {
    const result = await page.evaluate<{ ok: boolean; code?: string; retryAfterMs?: number }>(`globalThis.rpg.session.send(${JSON.stringify(type)}, ${JSON.stringify(payload)})`);
    if (result.code !== "RATE_LIMITED" || tries >= 5) return result;
    await page.waitForTimeout(result.retryAfterMs ?? 100);
  }
}

/** Teleports the page's player to (x, y) and waits until the camera shows it there (the view follows a frame later). */
export async function teleport(page: Page, x: number, y: number): Promise<void> {
  assert.equal((await sendFromPage(page, "admin:teleport", { x, y })).ok, true);
  await waitForState(page, `drawn on (${x}, ${y})`, (s) => s.me?.x === x && s.me.y === y && s.drawn[String(s.me.id)]?.x === x && s.drawn[String(s.me.id)]?.y === y && s.settled);
  const deadline = Date.now() + 10_000;
  for (;;) {
    const at = await page.evaluate<{ x: number; y: number; w: number; h: number }>(`(() => { const p = globalThis.rpg.tileToPage(${x}, ${y}); return { ...p, w: innerWidth, h: innerHeight }; })()`);
    if (at.x > 0 && at.y > 0 && at.x < at.w && at.y < at.h) return;
    if (Date.now() > deadline) throw new Error(`the camera never showed (${x}, ${y}): ${JSON.stringify(at)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
