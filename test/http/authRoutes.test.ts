import assert from "node:assert/strict";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { loadConfig } from "../../src/config/config.js";
import { adminRoutes } from "../../src/http/adminRoutes.js";
import { authRoutes, httpErrorHandler } from "../../src/http/authRoutes.js";
import { itemsRoute } from "../../src/http/itemsRoute.js";
import { AuthService, type AuthKickReason } from "../../src/services/AuthService.js";
import { ItemService } from "../../src/services/ItemService.js";
import { PasswordHasher } from "../../src/services/PasswordHasher.js";
import type { GameStateManager } from "../../src/state/GameStateManager.js";
import { openTestStores, type TestStores } from "../support/stores.js";

const PASSWORD = "correct horse battery";

interface Reply {
  status: number;
  headers: Headers;
  body: unknown;
}

describe("auth, admin and items routes", () => {
  let stores: TestStores;
  let gsm: GameStateManager;
  let server: Server;
  let baseUrl: string;
  let kicks: Array<[number, AuthKickReason]>;
  let auth: AuthService;
  const items = new ItemService();

  beforeEach(async () => {
    stores = await openTestStores();
    gsm = stores.newGsm();
    kicks = [];
    const config = loadConfig({ NODE_ENV: "test", AUTH_MAX_FAILURES: "2", ADMIN_USERNAMES: "boss", REGISTRATIONS_PER_ADDRESS: "4" });
    auth = new AuthService({ gsm, config, hasher: new PasswordHasher({ N: 1024, r: 8, p: 1 }), spawnOf: () => ({ x: 5, y: 6 }), items });
    const kick = (playerId: number, reason: AuthKickReason) => {
      kicks.push([playerId, reason]);
      return Promise.resolve();
    };
    const app = express();
    app.use(express.json({ limit: "16kb" }));
    app.use(authRoutes({ auth, kick }));
    app.use(adminRoutes({ auth, kick }));
    app.use(itemsRoute(items));
    app.get("/test/boom", () => {
      throw new Error("boom");
    });
    app.use(httpErrorHandler());
    server = app.listen(0, "127.0.0.1");
    await new Promise<void>((resolve) => server.once("listening", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await stores.close();
  });

  async function call(method: string, path: string, options: { body?: unknown; raw?: string; token?: string } = {}): Promise<Reply> {
    const headers: Record<string, string> = {};
    if (options.token !== undefined) headers["Authorization"] = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.raw !== undefined || options.body !== undefined) {
      headers["Content-Type"] = "application/json";
      body = options.raw ?? JSON.stringify(options.body);
    }
    const res = await fetch(`${baseUrl}${path}`, { method, headers, body });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text === "" ? undefined : (JSON.parse(text) as unknown) };
  }

  const register = async (username: string, password = PASSWORD) => {
    const reply = await call("POST", "/auth/register", { body: { username, password } });
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    return reply.body as { token: string; player: { id: number; username: string; role: string } };
  };

  /** Registers, then promotes as the operator would (`npm run admin -- promote`). */
  const registerAdmin = async (username: string) => {
    const registered = await register(username);
    assert.equal(registered.player.role, "player", "registration grants no role");
    assert.equal((await auth.promote(username)).ok, true);
    return registered;
  };

  const assertError = (reply: Reply, status: number, code: string) => {
    assert.equal(reply.status, status, JSON.stringify(reply.body));
    const body = reply.body as { error: unknown; message: unknown };
    assert.equal(body.error, code);
    assert.equal(typeof body.message, "string");
  };

  describe("POST /auth/register", () => {
    it("answers 201 {token, player}", async () => {
      const reply = await call("POST", "/auth/register", { body: { username: "Alice", password: PASSWORD } });
      assert.equal(reply.status, 201);
      const body = reply.body as { token: unknown; player: { id: number } };
      assert.equal(typeof body.token, "string");
      assert.deepEqual(body.player, { id: body.player.id, username: "Alice", role: "player", mapId: "town", x: 5, y: 6 });
    });

    it("answers 400 INVALID_INPUT for a bad username, password, body or JSON", async () => {
      assertError(await call("POST", "/auth/register", { body: { username: "a!", password: PASSWORD } }), 400, "INVALID_INPUT");
      assertError(await call("POST", "/auth/register", { body: { username: "alice", password: "short" } }), 400, "INVALID_INPUT");
      assertError(await call("POST", "/auth/register", { body: ["alice", PASSWORD] }), 400, "INVALID_INPUT");
      assertError(await call("POST", "/auth/register"), 400, "INVALID_INPUT");
      assertError(await call("POST", "/auth/register", { raw: '{"username": "alice",' }), 400, "INVALID_INPUT");
    });

    it("answers 409 USERNAME_TAKEN for a name taken in any letter case", async () => {
      await register("Alice");
      assertError(await call("POST", "/auth/register", { body: { username: "aLICE", password: PASSWORD } }), 409, "USERNAME_TAKEN");
    });

    it("answers 429 TOO_MANY_ATTEMPTS with Retry-After beyond REGISTRATIONS_PER_ADDRESS from one address", async () => {
      for (const name of ["one_1", "two_2", "three_3", "four_4"]) await register(name);
      const reply = await call("POST", "/auth/register", { body: { username: "five_5", password: PASSWORD } });
      assertError(reply, 429, "TOO_MANY_ATTEMPTS");
      const retryAfter = Number(reply.headers.get("retry-after"));
      assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 3600, `Retry-After ${retryAfter}`);
      assert.equal(await gsm.accounts.findByUsername("five_5"), null);
    });

    it("gives a name listed in ADMIN_USERNAMES the player role", async () => {
      assert.equal((await register("Boss")).player.role, "player");
      const login = await call("POST", "/auth/login", { body: { username: "boss", password: PASSWORD } });
      assert.equal((login.body as { player: { role: string } }).player.role, "player");
    });
  });

  describe("POST /auth/login", () => {
    it("answers 200 {token, player}", async () => {
      const registered = await register("Alice");
      const reply = await call("POST", "/auth/login", { body: { username: "alice", password: PASSWORD } });
      assert.equal(reply.status, 200);
      const body = reply.body as { token: unknown; player: unknown };
      assert.equal(typeof body.token, "string");
      assert.deepEqual(body.player, registered.player);
    });

    it("answers 400 INVALID_INPUT for missing or non-string fields", async () => {
      assertError(await call("POST", "/auth/login", { body: { username: "alice" } }), 400, "INVALID_INPUT");
      assertError(await call("POST", "/auth/login", { body: { username: 7, password: PASSWORD } }), 400, "INVALID_INPUT");
    });

    it("answers the same 401 INVALID_CREDENTIALS for an unknown user and a wrong password", async () => {
      await register("alice");
      const unknown = await call("POST", "/auth/login", { body: { username: "nobody", password: PASSWORD } });
      const wrong = await call("POST", "/auth/login", { body: { username: "alice", password: "wrong password" } });
      assertError(unknown, 401, "INVALID_CREDENTIALS");
      assert.deepEqual(wrong.body, unknown.body);
      assert.equal(wrong.status, unknown.status);
    });

    it("answers 429 TOO_MANY_ATTEMPTS with Retry-After after too many failures", async () => {
      await register("alice");
      for (let i = 0; i < 2; i++) {
        assertError(await call("POST", "/auth/login", { body: { username: "alice", password: "wrong password" } }), 401, "INVALID_CREDENTIALS");
      }
      const reply = await call("POST", "/auth/login", { body: { username: "alice", password: PASSWORD } });
      assertError(reply, 429, "TOO_MANY_ATTEMPTS");
      const retryAfter = Number(reply.headers.get("retry-after"));
      assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 600, `Retry-After ${retryAfter}`);
    });

    it("answers 403 BANNED with the reason", async () => {
      const boss = await registerAdmin("boss");
      await register("alice");
      assert.equal((await call("POST", "/admin/ban", { token: boss.token, body: { username: "alice", reason: "gold farming" } })).status, 204);
      const reply = await call("POST", "/auth/login", { body: { username: "alice", password: PASSWORD } });
      assertError(reply, 403, "BANNED");
      assert.equal((reply.body as { message: string }).message, "gold farming");
    });
  });

  describe("POST /auth/password", () => {
    it("answers 204, makes every earlier token stop working and kicks the session (LOGGED_IN_ELSEWHERE)", async () => {
      const { token, player } = await register("alice");
      const reply = await call("POST", "/auth/password", { token, body: { currentPassword: PASSWORD, newPassword: "brand new password" } });
      assert.equal(reply.status, 204);
      assert.deepEqual(kicks, [[player.id, "LOGGED_IN_ELSEWHERE"]]);
      assertError(
        await call("POST", "/auth/password", { token, body: { currentPassword: "brand new password", newPassword: "third password" } }),
        401, "UNAUTHORIZED",
      );
      assert.equal((await call("POST", "/auth/login", { body: { username: "alice", password: "brand new password" } })).status, 200);
    });

    it("answers 401 UNAUTHORIZED without a valid bearer token", async () => {
      const body = { currentPassword: PASSWORD, newPassword: "brand new password" };
      assertError(await call("POST", "/auth/password", { body }), 401, "UNAUTHORIZED");
      assertError(await call("POST", "/auth/password", { body, token: "not.a.token" }), 401, "UNAUTHORIZED");
    });

    it("answers 401 INVALID_CREDENTIALS for a wrong current password and 400 INVALID_INPUT for a bad new one", async () => {
      const { token } = await register("alice");
      assertError(
        await call("POST", "/auth/password", { token, body: { currentPassword: "wrong password", newPassword: "brand new password" } }),
        401, "INVALID_CREDENTIALS",
      );
      assertError(await call("POST", "/auth/password", { token, body: { currentPassword: PASSWORD, newPassword: "short" } }), 400, "INVALID_INPUT");
      assertError(await call("POST", "/auth/password", { token, body: {} }), 400, "INVALID_INPUT");
    });
  });

  describe("DELETE /auth/account", () => {
    it("answers 204, kicks the session, deletes the player and frees the username", async () => {
      const { token, player } = await register("alice");
      assert.equal((await call("DELETE", "/auth/account", { token, body: { password: PASSWORD } })).status, 204);
      assert.deepEqual(kicks, [[player.id, "ACCOUNT_DELETED"]]);
      assert.equal(await gsm.accounts.findById(player.id), null);
      assertError(await call("DELETE", "/auth/account", { token, body: { password: PASSWORD } }), 401, "UNAUTHORIZED");
      const again = await register("alice");
      assert.notEqual(again.player.id, player.id);
    });

    it("answers 401 UNAUTHORIZED without a token and 401 INVALID_CREDENTIALS for a wrong password", async () => {
      const { token, player } = await register("alice");
      assertError(await call("DELETE", "/auth/account", { body: { password: PASSWORD } }), 401, "UNAUTHORIZED");
      assertError(await call("DELETE", "/auth/account", { token, body: { password: "wrong password" } }), 401, "INVALID_CREDENTIALS");
      assert.notEqual(await gsm.accounts.findById(player.id), null);
      assert.deepEqual(kicks, []);
    });
  });

  describe("POST /admin/ban", () => {
    it("answers 204 and kicks the banned player's session", async () => {
      const boss = await registerAdmin("boss");
      const alice = await register("alice");
      assert.equal((await call("POST", "/admin/ban", { token: boss.token, body: { username: "ALICE" } })).status, 204);
      assert.deepEqual(kicks, [[alice.player.id, "BANNED"]]);
      assertError(await call("POST", "/auth/password", { token: alice.token, body: {} }), 403, "BANNED");
    });

    it("answers 401 UNAUTHORIZED, 403 FORBIDDEN for a non-admin and 404 NOT_FOUND for an unknown user", async () => {
      const boss = await registerAdmin("boss");
      const alice = await register("alice");
      assertError(await call("POST", "/admin/ban", { body: { username: "alice" } }), 401, "UNAUTHORIZED");
      assertError(await call("POST", "/admin/ban", { token: alice.token, body: { username: "boss" } }), 403, "FORBIDDEN");
      assertError(await call("POST", "/admin/ban", { token: boss.token, body: { username: "nobody" } }), 404, "NOT_FOUND");
      assert.deepEqual(kicks, []);
    });
  });

  describe("GET /items", () => {
    it("answers 200 with the catalogue in the protocol's item shape", async () => {
      const reply = await call("GET", "/items");
      assert.equal(reply.status, 200);
      const list = reply.body as Array<Record<string, unknown>>;
      assert.equal(list.length, items.getAll().length);
      assert.deepEqual(Object.keys(list[0]!), [
        "id", "name", "displayName", "category", "rarity", "slot", "twoHanded", "maxStack", "requiredSkill", "requiredLevel",
        "value", "maxDurability", "bonuses",
      ]);
      assert.deepEqual(list, JSON.parse(JSON.stringify(items.getAll())));
    });
  });

  describe("httpErrorHandler", () => {
    it("answers 500 {error: INTERNAL} for a handler that throws", async () => {
      assertError(await call("GET", "/test/boom"), 500, "INTERNAL");
    });
  });
});
