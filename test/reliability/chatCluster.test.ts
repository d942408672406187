import assert from "node:assert/strict";
import { inbox, saying, sleep } from "../support/chat.js";
import { joinThrough, registerOn, TestCluster, type ClusterPlayer } from "../support/cluster.js";
import { command, waitFor, type MapRoomClient } from "../support/server.js";

/**
 * Chat and moderation across two real server processes sharing one Valkey: the town room lives on one
 * process and the forest room on the other (each kept open by an admin for the whole suite), so a line
 * between a town player and a forest player always crosses processes through presence pub/sub.
 */
describe("reliability: chat and moderation across processes", function () {
  this.timeout(240_000);
  let cluster: TestCluster;
  let n = 0;
  const hosts: Record<"town" | "forest", { player: ClusterPlayer; room: MapRoomClient; process: string }> = {} as never;

  const ownerOf = async (playerId: number) => (await cluster.gsm.sessions.current(playerId))?.owner ?? "";

  before(async () => {
    cluster = await TestCluster.start(2);
    const townAdmin = await cluster.promote(await registerOn(cluster.server(0), "admin_0"));
    const townRoom = await joinThrough(cluster.server(0), townAdmin);
    const forestAdmin = await cluster.promote(await registerOn(cluster.server(1), "admin_1"));
    const forestTown = await joinThrough(cluster.server(1), forestAdmin);
    const transfer = new Promise((resolve) => forestTown.onMessage("transfer", resolve));
    assert.equal((await command(forestTown, "admin:teleport", { mapId: "forest", x: 10, y: 40 })).ok, true);
    await transfer;
    await forestTown.leave();
    const forestRoom = await joinThrough(cluster.server(1), forestAdmin, "forest");
    hosts.town = { player: townAdmin, room: townRoom, process: await ownerOf(townAdmin.id) };
    hosts.forest = { player: forestAdmin, room: forestRoom, process: await ownerOf(forestAdmin.id) };
    assert.notEqual(hosts.town.process, hosts.forest.process, "the two maps are held by different processes");
  });
  after(async () => cluster.close());

  /** A new player in the town room (through either process: matchmaking finds the room). */
  async function inTown(via = 0): Promise<{ player: ClusterPlayer; room: MapRoomClient }> {
    const player = await registerOn(cluster.server(via), `chatter_${n++}`);
    return { player, room: await joinThrough(cluster.server(via), player) };
  }

  /** A new player in the forest room: it starts in town and the town admin sends it there. */
  async function inForest(): Promise<{ player: ClusterPlayer; room: MapRoomClient }> {
    const { player, room } = await inTown(1);
    const transfer = new Promise((resolve) => room.onMessage("transfer", resolve));
    assert.equal((await command(hosts.town.room, "admin:teleport", { mapId: "forest", x: 12, y: 40, username: player.username })).ok, true);
    await transfer;
    await room.leave();
    const forest = await joinThrough(cluster.server(1), player, "forest");
    assert.equal(await ownerOf(player.id), hosts.forest.process);
    await sleep(110); // the town admin's command cooldown
    return { player, room: forest };
  }

  it("delivers a global line from a player on one process to a player on the other", async () => {
    const [a, b] = [await inTown(), await inForest()];
    assert.notEqual(await ownerOf(a.player.id), await ownerOf(b.player.id));
    const [aInbox, bInbox] = [inbox(a.room), inbox(b.room)];
    assert.equal((await command(a.room, "chat", { channel: "global", text: "hello from town" })).ok, true);
    const line = await bInbox.find(saying("hello from town"), "the global line on the other process");
    assert.deepEqual(line.from, { id: a.player.id, username: a.player.username, role: "player" });
    await aInbox.find(saying("hello from town"), "the sender's own line");
    assert.equal((await command(b.room, "chat", { channel: "global", text: "hello from the forest" })).ok, true);
    await aInbox.find(saying("hello from the forest"), "and back");
    await Promise.all([a.room.leave(), b.room.leave()]);
  });

  it("delivers a dm across processes with the sender's copy, and refuses one to a player online nowhere", async () => {
    const [a, b, offline] = [await inTown(), await inForest(), await registerOn(cluster.server(0), `chatter_${n++}`)];
    const [aInbox, bInbox, townHostInbox] = [inbox(a.room), inbox(b.room), inbox(hosts.town.room)];
    assert.equal((await command(b.room, "chat", { channel: "dm", text: "psst, town", to: a.player.username })).ok, true);
    const received = await aInbox.find(saying("psst, town"), "the dm on the other process");
    assert.deepEqual({ ...received, at: 0 }, {
      channel: "dm", from: { id: b.player.id, username: b.player.username, role: "player" }, to: a.player.username, text: "psst, town", at: 0,
    });
    assert.deepEqual(await bInbox.find(saying("psst, town"), "the sender's copy"), received);
    await sleep(1_000);
    assert.ok(!townHostInbox.lines.some(saying("psst, town")), "nobody else heard it");
    const nowhere = await command(b.room, "chat", { channel: "dm", text: "anyone?", to: offline.username });
    assert.deepEqual([nowhere.ok, nowhere.code], [false, "NOT_FOUND"]);
    await Promise.all([a.room.leave(), b.room.leave()]);
  });

  it("mutes, kicks and announces across processes", async () => {
    const [a, b] = [await inTown(), await inForest()];
    const [aInbox, bInbox] = [inbox(a.room), inbox(b.room)];
    const forestAdmin = hosts.forest.room;

    assert.equal((await command(forestAdmin, "mod:mute", { username: a.player.username, minutes: 10 })).ok, true);
    assert.match((await aInbox.find((l) => l.channel === "system", "the mute notice on the other process")).text, /^You are muted until /);
    const muted = await command(a.room, "chat", { channel: "global", text: "hello?" });
    assert.deepEqual([muted.ok, muted.code], [false, "MUTED"]);
    assert.ok(muted.retryAfterMs! > 590_000 && muted.retryAfterMs! <= 600_000, String(muted.retryAfterMs));

    await sleep(110);
    assert.equal((await command(hosts.town.room, "admin:announce", { text: "server news" })).ok, true);
    for (const box of [aInbox, bInbox]) assert.equal((await box.find(saying("server news"), "the announcement")).from, null);

    const kicked = new Promise((resolve) => a.room.onMessage("kicked", resolve));
    const closed = new Promise<number>((resolve) => a.room.onLeave((code) => resolve(code)));
    await sleep(110);
    assert.equal((await command(forestAdmin, "mod:kick", { username: a.player.username, reason: "testing" })).ok, true);
    assert.deepEqual(await kicked, { reason: "KICKED" });
    assert.equal(await closed, 4100);
    assert.equal(await cluster.gsm.isOnline(a.player.id), false, "saved and gone before the result");
    await b.room.leave();
  });

  it("keeps a mute over leaving, joining through the other process, and a restart of every process", async () => {
    const a = await inTown();
    await sleep(110);
    assert.equal((await command(hosts.forest.room, "mod:mute", { username: a.player.username, minutes: 30 })).ok, true);
    await a.room.leave();
    await waitFor(async () => !(await cluster.gsm.isOnline(a.player.id)), "unloaded");

    const again = await joinThrough(cluster.server(1), a.player);
    const first = await command(again, "chat", { channel: "local", text: "still muted?" });
    assert.deepEqual([first.ok, first.code], [false, "MUTED"]);
    await again.leave();

    await Promise.all([hosts.town.room.leave(), hosts.forest.room.leave()]);
    await cluster.kill(0, "SIGTERM");
    await cluster.kill(1, "SIGTERM");
    await cluster.startProcess(0);
    const afterRestart = await joinThrough(cluster.server(0), a.player);
    const second = await command(afterRestart, "chat", { channel: "local", text: "and now?" });
    assert.deepEqual([second.ok, second.code], [false, "MUTED"]);
    assert.ok(second.retryAfterMs! > 1_700_000 && second.retryAfterMs! <= first.retryAfterMs!, String(second.retryAfterMs));
    await afterRestart.leave();
  });
});
