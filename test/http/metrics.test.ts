import assert from "node:assert/strict";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { Metrics, metricsRoute } from "../../src/http/metrics.js";

describe("metrics", () => {
  let server: Server;
  let baseUrl: string;
  let metrics: Metrics;

  beforeEach(async () => {
    metrics = new Metrics({ processLabel: "p1" });
    const app = express();
    app.use(metricsRoute(metrics));
    server = app.listen(0, "127.0.0.1");
    await new Promise<void>((resolve) => server.once("listening", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  const scrape = async () => {
    const res = await fetch(`${baseUrl}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/plain/);
    return res.text();
  };

  it("serves every named metric in Prometheus text, with process metrics", async () => {
    const text = await scrape();
    for (const name of [
      "rpg_players_online", "rpg_commands_total", "rpg_command_duration_seconds", "rpg_sync_duration_seconds",
      "rpg_sync_rows_total", "rpg_storage_errors_total", "rpg_reconnects_total", "rpg_kicks_total", "rpg_chat_messages_total",
      "rpg_moderation_actions_total", "rpg_trades_total", "process_cpu_user_seconds_total",
    ]) {
      assert.match(text, new RegExp(`^# TYPE ${name} `, "m"), name);
    }
  });

  it("reports what the server records, with its labels", async () => {
    metrics.setPlayersOnline("town", 3);
    metrics.recordCommand("move", "ok", 0.004);
    metrics.recordCommand("move", "BLOCKED", 0.002);
    metrics.startCommand("equip")("ok");
    metrics.recordSync(0.2, 120);
    metrics.storageError("postgres");
    metrics.reconnect();
    metrics.kick("BANNED");
    metrics.chatMessage("dm");
    metrics.moderationAction("mute");
    metrics.trade("completed");
    const text = await scrape();
    for (const line of [
      'rpg_players_online{map="town",process="p1"} 3',
      'rpg_commands_total{type="move",code="ok"} 1',
      'rpg_commands_total{type="move",code="BLOCKED"} 1',
      'rpg_commands_total{type="equip",code="ok"} 1',
      'rpg_command_duration_seconds_bucket{le="0.005",type="move"} 2',
      'rpg_command_duration_seconds_count{type="move"} 2',
      "rpg_sync_duration_seconds_count 1",
      "rpg_sync_rows_total 120",
      'rpg_storage_errors_total{store="postgres"} 1',
      'rpg_storage_errors_total{store="valkey"} 0',
      "rpg_reconnects_total 1",
      'rpg_kicks_total{reason="BANNED"} 1',
      'rpg_chat_messages_total{channel="dm"} 1',
      'rpg_chat_messages_total{channel="global"} 0',
      'rpg_moderation_actions_total{action="mute"} 1',
      'rpg_moderation_actions_total{action="kick"} 0',
      'rpg_trades_total{outcome="completed"} 1',
      'rpg_trades_total{outcome="refused"} 0',
    ]) {
      assert.ok(text.includes(`${line}\n`), line);
    }
    metrics.clearPlayersOnline("town");
    assert.ok(!(await scrape()).includes('rpg_players_online{map="town"'));
  });

  it("keeps registries apart, so several servers can live in one process", async () => {
    const other = new Metrics({ processLabel: "p2" });
    other.kick("LOGGED_IN_ELSEWHERE");
    assert.ok((await other.text()).includes('rpg_kicks_total{reason="LOGGED_IN_ELSEWHERE"} 1'));
    assert.ok(!(await scrape()).includes("LOGGED_IN_ELSEWHERE"));
  });
});
