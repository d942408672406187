import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import type { Page, Request } from "playwright-core";
import { loadMaps } from "../../src/content/loadMaps.js";
import { itemByName } from "../../src/content/itemCatalogue.js";
import { uniquePrefix } from "../support/stores.js";
import { TcpProxy } from "../support/tcpProxy.js";
import { adminCli as runAdminCli, clearScreenshots, snap, useBrowserRig } from "./browserSupport.js";
import { clickTile, readState, register, waitForState, type PageState } from "./pageState.js";

const maps = loadMaps();
const town = maps.get("town")!;
const forest = maps.get("forest")!;
const dagger = itemByName("copper_dagger")!;
const bread = itemByName("bread")!;
const coins = itemByName("coins")!;
const run = randomBytes(3).toString("hex");
let n = 0;
const uniqueName = (role: string) => `${role}${run}${n++}`;

const slotOf = (s: PageState, itemId: number) => Object.entries(s.inventory).find(([, st]) => st.itemId === itemId)?.[0];

/** Walks by clicking tiles in view, hop by hop (each at most `hop` tiles away), until standing on `target`. */
async function clickWalkTo(page: Page, target: { x: number; y: number }, map = town, hop = 8): Promise<PageState> {
  for (let hops = 0; hops < 20; hops++) {
    const s = await readState(page);
    const me = s.me!;
    if (me.x === target.x && me.y === target.y) return s;
    let x = me.x + Math.max(-hop, Math.min(hop, target.x - me.x));
    let y = me.y + Math.max(-hop, Math.min(hop, target.y - me.y));
    while ((map.isBlocked(x, y) || (map.portalAt(x, y) && (x !== target.x || y !== target.y))) && (x !== me.x || y !== me.y)) {
      x -= Math.sign(x - me.x);
      y -= Math.sign(y - me.y);
    }
    await clickTile(page, x, y);
    await waitForState(page, `a walk to (${x}, ${y})`, (t) => t.mapId !== s.mapId || (t.me?.x === x && t.me?.y === y), 20_000);
    if ((await readState(page)).mapId !== s.mapId) return readState(page);
  }
  throw new Error(`did not reach (${target.x}, ${target.y})`);
}

describe("browser client (chromium)", function () {
  this.timeout(120_000);
  const prefix = uniquePrefix();
  const rig = useBrowserRig(
    { VALKEY_KEY_PREFIX: prefix, AUTH_MAX_FAILURES: "3", RECONNECT_WINDOW_S: "30", CHAT_COOLDOWN_MS: "100", REGISTRATIONS_PER_ADDRESS: "200" },
    clearScreenshots,
  );

  const adminCli = (...args: string[]) => runAdminCli(prefix, ...args);
  const player = () => rig.newPage();

  it("registers and logs in, explaining a taken name, a wrong password and a throttled login next to the form", async () => {
    const { page, errors } = await player();
    const name = uniqueName("reg");
    const requests: Request[] = [];
    page.on("requestfinished", (r) => requests.push(r));
    await register(page, rig.server.url, name);
    const sizes = await Promise.all(requests.map((r) => r.sizes()));
    const firstLoadBytes = sizes.reduce((sum, s) => sum + s.responseBodySize + s.responseHeadersSize, 0);
    assert.ok(firstLoadBytes > 100_000 && firstLoadBytes < 2 * 1024 * 1024, `the first load transferred ${firstLoadBytes} bytes`);
    await snap(page, "registered");
    await page.click(".hud .logout");
    await waitForState(page, "the login form", (s) => s.loginVisible && /logged out/.test(s.loginError));

    await page.fill("#login input[name=username]", name);
    await page.fill("#login input[name=password]", "password-123");
    await page.click("#login button[name=register]");
    await waitForState(page, "the taken-name words", (s) => /name is taken/.test(s.loginError));
    await snap(page, "name-taken");

    await page.fill("#login input[name=password]", "wrong-password");
    await page.click("#login button[name=login]");
    await waitForState(page, "the wrong-password words", (s) => s.loginError === "Wrong username or password.");
    for (let i = 0; i < 3; i++) await page.click("#login button[name=login]");
    const throttled = await waitForState(page, "the throttled words", (s) => /Too many failed attempts: wait \d+ s/.test(s.loginError));
    assert.match(throttled.loginError, /wait \d+ s before trying again/);
    await snap(page, "throttled");
    assert.deepEqual(errors, []);
  });

  it("shows two players in two browsers walking, by keyboard and by click, smoothly and facing their way", async () => {
    const a = await player();
    const b = await player();
    const nameA = uniqueName("walkA");
    const nameB = uniqueName("walkB");
    const startA = await register(a.page, rig.server.url, nameA);
    const startB = await register(b.page, rig.server.url, nameB);
    await waitForState(a.page, "B in A's view", (s) => s.players.some((p) => p.id === startB.me!.id));
    await waitForState(b.page, "A in B's view", (s) => s.players.some((p) => p.id === startA.me!.id));
    await snap(a.page, "two-players-A");

    // B records where it draws A every 15 ms while A walks right by keyboard (between frames too: a slow
    // machine draws few frames, and the glide between two tiles must show whenever one is drawn).
    await b.page.evaluate(`window.samples = []; window.sampler = setInterval(() => {
      const view = globalThis.rpg.scene.players.get("${startA.me!.id}");
      if (view) window.samples.push(view.drawnAt(performance.now()).x);
    }, 15)`);
    await a.page.keyboard.down("ArrowRight");
    await a.page.waitForTimeout(1_200);
    await a.page.keyboard.up("ArrowRight");
    await waitForState(a.page, "A walked right", (s) => s.me!.x >= startA.me!.x + 4);
    await a.page.waitForTimeout(500);
    const walkedA = await readState(a.page);
    const seenByB = await waitForState(b.page, "B sees A where A is, drawn on its tile", (s) => {
      const other = s.players.find((p) => p.id === startA.me!.id);
      return other?.x === walkedA.me!.x && other.y === walkedA.me!.y && s.drawn[String(other.id)]?.x === other.x;
    });
    assert.equal(seenByB.players.find((p) => p.id === startA.me!.id)!.facing, "right");
    const samples = await b.page.evaluate<number[]>("clearInterval(window.sampler), window.samples");
    assert.ok(samples.some((x) => !Number.isInteger(x)), `A was drawn between tiles while walking (frames: ${samples.join(" ")})`);
    for (let i = 1; i < samples.length; i++) assert.ok(samples[i]! >= samples[i - 1]!, `A was drawn going back from ${samples[i - 1]} to ${samples[i]}`);
    await snap(b.page, "B-sees-A-walk");

    const target = { x: startB.me!.x, y: startB.me!.y + 3 };
    assert.equal(town.isBlocked(target.x, target.y), false);
    await clickTile(b.page, target.x, target.y);
    const walkedB = await waitForState(b.page, "B walked to the clicked tile", (s) => s.me!.x === target.x && s.me!.y === target.y);
    assert.equal(walkedB.me!.facing, "down");
    await waitForState(a.page, "A sees B on the clicked tile", (s) => {
      const other = s.players.find((p) => p.id === startB.me!.id);
      return other?.x === target.x && other.y === target.y && s.drawn[String(other.id)]?.y === target.y;
    });
    await snap(a.page, "A-sees-B-click-walk");
    assert.deepEqual([...a.errors, ...b.errors], []);
  });

  it("chats locally, globally and by direct message with a reply, and explains what cannot be sent", async () => {
    const a = await player();
    const b = await player();
    const nameA = uniqueName("chatA");
    const nameB = uniqueName("chatB");
    const startA = await register(a.page, rig.server.url, nameA);
    await register(b.page, rig.server.url, nameB);
    await waitForState(b.page, "A in B's view", (s) => s.players.some((p) => p.id === startA.me!.id));
    const say = async (page: Page, line: string) => {
      await page.fill(".chat-form input", line);
      await page.press(".chat-form input", "Enter");
    };
    const heard = (page: Page, what: string, line: { kind: string; text: string; from?: string; to?: string }) =>
      waitForState(page, what, (s) => s.chat.some((l) => l.kind === line.kind && l.text === line.text && l.from === line.from && (line.to === undefined || l.to === line.to)));

    await a.page.keyboard.press("Enter");
    await a.page.keyboard.type("hello there");
    await a.page.keyboard.press("Enter");
    await heard(b.page, "A's local line at B", { kind: "local", text: "hello there", from: nameA });
    await heard(a.page, "A's local line at A", { kind: "local", text: "hello there", from: nameA });

    await say(b.page, `/dm ${nameA} psst`);
    await heard(a.page, "B's direct message at A", { kind: "dm", text: "psst", from: nameB });
    await heard(b.page, "B's copy of it", { kind: "dm", text: "psst", from: nameB, to: nameA });
    await say(a.page, "/r got it");
    await heard(b.page, "A's reply at B", { kind: "dm", text: "got it", from: nameA, to: nameB });
    await a.page.waitForTimeout(200);
    await say(a.page, "/g hello world");
    await heard(b.page, "A's global line at B", { kind: "global", text: "hello world", from: nameA });

    await a.page.waitForTimeout(200);
    await say(a.page, "/dm nobody_here hi");
    await waitForState(a.page, "the refusal in words", (s) => s.notices.includes("nobody_here is not online."));
    await say(a.page, "/dance");
    await waitForState(a.page, "the unknown command explained", (s) => s.chat.some((l) => l.kind === "error" && l.text.startsWith("Unknown command /dance")));
    await snap(a.page, "chat-A");
    await snap(b.page, "chat-B");
    assert.deepEqual([...a.errors, ...b.errors], []);
  });

  it("shows a mute in its own colour, and a ban: kicked with its reason, then refused at the form", async () => {
    const { page, errors } = await player();
    const victim = uniqueName("ban");
    await register(page, rig.server.url, victim);
    adminCli("mute", victim, "90");
    await page.fill(".chat-form input", "can anyone hear me");
    await page.press(".chat-form input", "Enter");
    await waitForState(page, "the refused line in the mutes' colour", (s) => s.chat.some((l) => l.kind === "muted" && /You are muted for (90|89) minutes more/.test(l.text)));
    assert.equal(await page.locator(".chat .line.muted").count(), 1);
    await page.click(".hud .logout");
    await waitForState(page, "the login form", (s) => s.loginVisible);
    await page.fill("#login input[name=username]", victim);
    await page.fill("#login input[name=password]", "password-123");
    await page.click("#login button[name=login]");
    const muted = await waitForState(page, "the mute's system line on joining", (s) => s.chat.some((l) => l.kind === "system" && /You are muted until/.test(l.text)));
    assert.equal(muted.chat.find((l) => l.kind === "system")!.from, undefined);
    assert.equal(await page.locator(".chat .line.system").count(), 1);
    await snap(page, "muted");

    const adminName = uniqueName("admin");
    const registered = await fetch(`${rig.server.url}/auth/register`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: adminName, password: "password-123" }) });
    assert.equal(registered.status, 201);
    adminCli("promote", adminName, "admin");
    const login = await fetch(`${rig.server.url}/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: adminName, password: "password-123" }) });
    const { token } = (await login.json()) as { token: string };
    const ban = await fetch(`${rig.server.url}/admin/ban`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ username: victim, reason: "botting" }) });
    assert.equal(ban.status, 204);
    const kicked = await waitForState(page, "the kick at the login form", (s) => s.loginVisible);
    assert.equal(kicked.loginError, "This account has been banned.");
    await page.fill("#login input[name=username]", victim);
    await page.fill("#login input[name=password]", "password-123");
    await page.click("#login button[name=login]");
    const refused = await waitForState(page, "the ban at the form", (s) => /banned:/.test(s.loginError));
    assert.equal(refused.loginError, "This account is banned: botting.");
    await snap(page, "banned");
    assert.deepEqual(errors, []);
  });

  it("equips and unequips from the panels with the stat totals, and explains a refusal in words", async () => {
    const { page, errors } = await player();
    const start = await register(page, rig.server.url, uniqueName("equip"));
    const daggerSlot = slotOf(start, dagger.id)!;
    await page.click(`.inventory-grid [data-slot="${daggerSlot}"]`);
    const equipped = await waitForState(page, "the dagger wielded", (s) => s.equipment.weapon?.itemId === dagger.id);
    assert.equal(slotOf(equipped, dagger.id), undefined);
    assert.equal(equipped.stats.attack, dagger.bonuses.attack);
    await page.keyboard.press("e");
    assert.equal(await page.isVisible("#equipment-panel"), true);
    // The panels redraw on the animation frame after a state change.
    await page.waitForFunction(`document.querySelector('#equipment-panel [data-stat="attack"]')?.textContent === "+${dagger.bonuses.attack}"`, undefined, { timeout: 5_000 });
    await snap(page, "equipped");

    await page.click(`#equipment-panel [data-equipment-slot="weapon"]`);
    const unequipped = await waitForState(page, "the dagger back in the inventory", (s) => s.equipment.weapon === undefined && slotOf(s, dagger.id) !== undefined);
    assert.equal(unequipped.stats.attack, 0);

    await page.keyboard.press("i");
    await page.click(`.inventory-grid [data-slot="${slotOf(unequipped, coins.id)!}"]`);
    await waitForState(page, "the refusal in words", (s) => s.notices.includes("Coins cannot be equipped."));
    await page.keyboard.press("k");
    assert.equal(await page.isVisible("#skills-panel"), true);
    assert.equal(await page.getAttribute(`#skills-panel [data-skill="hitpoints"]`, "data-level"), "10");
    await snap(page, "skills-panel");
    assert.deepEqual(errors, []);
  });

  it("drops part of a stack with a quantity and picks it up by clicking it, and by the key underfoot", async () => {
    const { page, errors } = await player();
    const start = await register(page, rig.server.url, uniqueName("drop"));
    const breadSlot = slotOf(start, bread.id)!;
    await page.click(`.inventory-grid [data-slot="${breadSlot}"]`, { button: "right" });
    await page.fill(".drop-form input[name=quantity]", "2");
    await page.press(".drop-form input[name=quantity]", "Enter");
    const dropped = await waitForState(page, "two bread on the ground", (s) => s.ground.some((g) => g.itemId === bread.id && g.quantity === 2) && s.inventory[breadSlot]?.quantity === 3);
    const pile = dropped.ground.find((g) => g.itemId === bread.id)!;
    assert.deepEqual([pile.x, pile.y], [start.me!.x, start.me!.y]);
    await snap(page, "dropped-bread");

    await page.keyboard.press("ArrowDown");
    await page.waitForTimeout(200);
    await page.keyboard.press("ArrowDown");
    await waitForState(page, "two steps away", (s) => s.me!.y === start.me!.y + 2);
    await clickTile(page, pile.x, pile.y);
    const picked = await waitForState(page, "the bread picked up", (s) => !s.ground.some((g) => g.id === pile.id) && s.inventory[breadSlot]?.quantity === 5);
    assert.deepEqual([picked.me!.x, picked.me!.y], [pile.x, pile.y]);

    const coinSlot = slotOf(picked, coins.id)!;
    await page.click(`.inventory-grid [data-slot="${coinSlot}"]`, { button: "right" });
    await page.press(".drop-form input[name=quantity]", "Enter");
    await waitForState(page, "the coins on the ground", (s) => s.ground.some((g) => g.itemId === coins.id && g.quantity === 25) && s.inventory[coinSlot] === undefined);
    await page.locator("#game canvas").focus().catch(() => undefined);
    await page.keyboard.press("g");
    await waitForState(page, "the coins picked up underfoot", (s) => !s.ground.some((g) => g.itemId === coins.id) && slotOf(s, coins.id) !== undefined);
    await page.keyboard.press("g");
    await waitForState(page, "nothing left to pick up, in words", (s) => s.notices.includes("There is nothing here to pick up."));
    await snap(page, "picked-up");
    assert.deepEqual(errors, []);
  });

  it("takes the portal to the forest and comes back, without reloading the page", async () => {
    const { page, errors } = await player();
    await register(page, rig.server.url, uniqueName("portal"));
    await page.evaluate(`window.pageMarker = "same page"`);
    const toForest = town.portals[0]!;
    await clickWalkTo(page, { x: toForest.x, y: toForest.y });
    const arrived = await waitForState(page, "the forest drawn", (s) => s.mapId === "forest" && s.shownMapId === "forest" && s.me !== null, 20_000);
    assert.deepEqual([arrived.me!.x, arrived.me!.y], [toForest.targetX, toForest.targetY]);
    await snap(page, "forest");

    const toTown = forest.portals[0]!;
    await clickWalkTo(page, { x: toTown.x, y: toTown.y }, forest);
    const back = await waitForState(page, "back in town", (s) => s.mapId === "town" && s.shownMapId === "town" && s.me !== null, 20_000);
    assert.deepEqual([back.me!.x, back.me!.y], [toTown.targetX, toTown.targetY]);
    assert.equal(await page.evaluate("window.pageMarker"), "same page");
    assert.deepEqual(back.notices, [], "no refusal on the way (the steps onto the portals included)");
    await snap(page, "back-in-town");
    assert.deepEqual(errors, []);
  });

  it("keeps position and inventory across a page reload", async () => {
    const { page, errors } = await player();
    const start = await register(page, rig.server.url, uniqueName("reload"));
    const daggerSlot = slotOf(start, dagger.id)!;
    const from = await page.locator(`.inventory-grid [data-slot="${daggerSlot}"]`).boundingBox();
    const to = await page.locator(`.inventory-grid [data-slot="10"]`).boundingBox();
    await page.mouse.move(from!.x + 20, from!.y + 20);
    await page.mouse.down();
    await page.mouse.move(to!.x + 10, to!.y + 10, { steps: 5 });
    await page.mouse.move(to!.x + 24, to!.y + 24, { steps: 3 });
    await page.mouse.up();
    await waitForState(page, "the dagger dragged to slot 10", (s) => s.inventory["10"]?.itemId === dagger.id && s.inventory[daggerSlot] === undefined);
    await page.keyboard.down("ArrowUp");
    await page.waitForTimeout(400);
    await page.keyboard.up("ArrowUp");
    await page.waitForTimeout(500);
    const before = await readState(page);
    assert.ok(before.me!.y < start.me!.y, "walked up");

    await page.reload();
    const after = await waitForState(page, "the game after the reload", (s) => s.me !== null && s.shownMapId === s.mapId && !s.loginVisible);
    assert.deepEqual([after.mapId, after.me!.x, after.me!.y], [before.mapId, before.me!.x, before.me!.y]);
    assert.deepEqual(after.inventory, before.inventory);
    assert.equal(after.players.filter((p) => p.username === before.me!.username).length, 1);
    await snap(page, "after-reload");

    assert.deepEqual(errors, []);
  });

  it("reconnects with the reconnection token after the connection drops, and says so", async () => {
    // The page talks to the server through a proxy that the test cuts: a real drop for both sides.
    const proxy = new TcpProxy("127.0.0.1", rig.server.port);
    await proxy.start();
    try {
      const { page, errors } = await player();
      const start = await register(page, `http://127.0.0.1:${proxy.port}/`, uniqueName("drop"));
      await page.waitForTimeout(1_500);
      proxy.cutOff();
      await waitForState(page, "the drop said", (s) => /reconnecting with your reconnection token/.test(s.status));
      await snap(page, "connection-lost");
      await page.waitForTimeout(1_000);
      proxy.restore();
      const back = await waitForState(page, "the reconnection said", (s) => /Reconnected/.test(s.status) && s.me !== null, 30_000);
      assert.deepEqual([back.me!.x, back.me!.y], [start.me!.x, start.me!.y]);
      assert.deepEqual(back.inventory, start.inventory);
      await page.keyboard.press("ArrowDown");
      await waitForState(page, "a step after reconnecting", (s) => s.me!.y === start.me!.y + 1);
      await snap(page, "reconnected");
      assert.deepEqual(errors, []);
    } finally {
      await proxy.close();
    }
  });

  it("shows why it was kicked and returns to the login form when the account logs in elsewhere", async () => {
    const first = await player();
    const second = await player();
    const name = uniqueName("kick");
    await register(first.page, rig.server.url, name);
    await second.page.goto(rig.server.url);
    await second.page.fill("#login input[name=username]", name);
    await second.page.fill("#login input[name=password]", "password-123");
    await second.page.click("#login button[name=login]");
    await waitForState(second.page, "the second window in the world", (s) => s.me !== null);
    const kicked = await waitForState(first.page, "the first window back at the login", (s) => s.loginVisible);
    assert.match(kicked.loginError, /logged in somewhere else/);
    await snap(first.page, "kicked");
    assert.deepEqual([...first.errors, ...second.errors], []);
  });
});
