import { command, joinMap, registerPlayer, startTestServer, waitFor, type TestServer } from "../support/server.js";

describe("probe", () => {
  let server: TestServer;
  before(async () => { server = await startTestServer({ ADMIN_USERNAMES: "probe_adm" }); });
  after(async () => server.close());
  it("probes", async () => {
    const a = await registerPlayer(server, "probe_adm");
    const b = await registerPlayer(server);
    console.log("b online before join?", await server.runtime.gsm!.isOnline(b.id));
    const ra = await joinMap(a);
    const rb = await joinMap(b);
    const all: unknown[] = [];
    rb.onMessage("result", (r) => all.push(r));
    rb.onMessage("transfer", (r) => console.log("transfer", r));
    ra.onMessage("*", (t, m) => console.log("A got", t, m));
    rb.send("*", { seq: 5 });
    rb.send(7 as any, { seq: 6 });
    rb.send("move", undefined as any);
    rb.send("move", "up" as any);
    rb.send("toString", { seq: 8 });
    rb.send("__proto__", { seq: 9 });
    rb.send("move", { dir: "up", seq: NaN });
    (rb as any).sendBytes("move", new Uint8Array([1, 2, 3]));
    await new Promise((r) => setTimeout(r, 500));
    console.log(JSON.stringify(all));
    all.length = 0;
    console.log(await command(ra, "admin:teleport", { x: 10, y: 40, mapId: "forest", username: b.username }));
    await new Promise((r) => setTimeout(r, 300));
    rb.send("move", { dir: "up", seq: 1 });
    await new Promise((r) => setTimeout(r, 500));
    console.log("after transfer", JSON.stringify(all));
    const t0 = Date.now();
    const r = await fetch(`${server.url}/auth/register`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "timing_x", password: "correct horse battery" }) });
    console.log("register ms", Date.now() - t0, r.status);
  });
});
