import assert from "node:assert/strict";
import jwt from "jsonwebtoken";
import { loadConfig, type Config } from "../../src/config/config.js";
import { AuthService, type AuthKickReason, type Session } from "../../src/services/AuthService.js";
import type { AuthResult } from "../../src/services/authErrorCodes.js";
import { ItemService } from "../../src/services/ItemService.js";
import { PasswordHasher } from "../../src/services/PasswordHasher.js";
import type { GameStateManager } from "../../src/state/GameStateManager.js";
import { itemNamed, testClock, type TestClock } from "../support/factories.js";
import { openTestStores, type TestStores } from "../support/stores.js";

/** Cheap scrypt for tests; counts verifications to show every login attempt spends exactly one. */
class CountingHasher extends PasswordHasher {
  verifies = 0;
  override verify(password: string, encoded: string | null): Promise<boolean> {
    this.verifies++;
    return super.verify(password, encoded);
  }
}

const SPAWN = { x: 12, y: 34 };
const PASSWORD = "correct horse battery";

function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: "test", AUTH_MAX_FAILURES: "3", JWT_TTL_S: "3600", ...env });
}

function sessionOf(result: AuthResult<Session>): Session {
  if (!result.ok) assert.fail(`expected a session, got ${result.code}: ${result.message}`);
  return result.data;
}

describe("AuthService", () => {
  let stores: TestStores;
  let gsm: GameStateManager;
  let clock: TestClock;
  let hasher: CountingHasher;
  let kicks: Array<[number, AuthKickReason]>;
  const kick = (playerId: number, reason: AuthKickReason) => {
    kicks.push([playerId, reason]);
    return Promise.resolve();
  };
  const build = (env: Record<string, string> = {}) =>
    new AuthService({ gsm, config: testConfig(env), hasher, spawnOf: () => SPAWN, items: new ItemService(), now: clock.now });
  let auth: AuthService;

  beforeEach(async () => {
    stores = await openTestStores();
    gsm = stores.newGsm();
    clock = testClock(Date.UTC(2030, 0, 1));
    hasher = new CountingHasher({ N: 1024, r: 8, p: 1 });
    kicks = [];
    auth = build({ ADMIN_USERNAMES: "Boss" });
  });
  afterEach(async () => stores.close());

  const register = async (username = "alice", password = PASSWORD) => sessionOf(await auth.register(username, password, "10.1.0.1"));

  describe("register", () => {
    it("creates the player at the default map's spawn and signs it in", async () => {
      const { token, player } = await register("Alice");
      assert.equal(typeof player.id, "number");
      assert.deepEqual(player, { id: player.id, username: "Alice", role: "player", mapId: "town", x: SPAWN.x, y: SPAWN.y });
      const verified = await auth.verifyToken(token);
      assert.equal(verified.ok && verified.data.id, player.id);
    });

    it("refuses usernames outside 3-20 of [A-Za-z0-9_] and passwords outside 8-72 characters", async () => {
      const cases: Array<[unknown, unknown]> = [
        ["ab", PASSWORD], ["a".repeat(21), PASSWORD], ["bad name", PASSWORD], ["bad-name", PASSWORD], ["émile", PASSWORD],
        [42, PASSWORD], [undefined, PASSWORD], ["alice", "short77"], ["alice", "x".repeat(73)], ["alice", 12345678],
        ["alice", undefined],
      ];
      for (const [username, password] of cases) {
        const result = await auth.register(username, password, "10.1.0.1");
        assert.equal(result.ok || result.code, "INVALID_INPUT", `${String(username)} / ${String(password)}`);
      }
      assert.equal(await stores.prisma.player.count(), 0);
    });

    it("accepts the bounds: 3 and 20 character usernames, 8 and 72 character passwords", async () => {
      await register("abc", "12345678");
      await register("A".repeat(20), "p".repeat(72));
      await register("Unicode_pw", "é".repeat(8));
    });

    it("refuses a username taken in any letter case with USERNAME_TAKEN", async () => {
      await register("Alice");
      for (const name of ["Alice", "alice", "ALICE"]) {
        const result = await auth.register(name, PASSWORD, "10.1.0.1");
        assert.equal(result.ok || result.code, "USERNAME_TAKEN");
      }
      assert.equal(await stores.prisma.player.count(), 1);
    });

    it("stores the starter kit in slots 0.., the initial skills and full HP with the account", async () => {
      const { player } = await register();
      const slots = await stores.prisma.playerInventorySlot.findMany({ where: { playerId: player.id }, orderBy: { slot: "asc" } });
      const stack = (name: string, quantity: number) => ({ itemId: itemNamed(name).id, quantity, durability: itemNamed(name).maxDurability });
      assert.deepEqual(
        slots.map(({ slot, itemId, quantity, durability }) => ({ slot, itemId, quantity, durability })),
        [
          { slot: 0, ...stack("copper_dagger", 1) },
          { slot: 1, ...stack("wooden_shield", 1) },
          { slot: 2, ...stack("coins", 25) },
          { slot: 3, ...stack("bread", 5) },
        ],
      );
      const skills = await stores.prisma.playerSkill.findMany({ where: { playerId: player.id } });
      assert.equal(skills.length, 11);
      assert.deepEqual(
        skills.find((s) => s.skill === "hitpoints"),
        { playerId: player.id, skill: "hitpoints", level: 10, xp: 1154 },
      );
      assert.ok(skills.filter((s) => s.skill !== "hitpoints").every((s) => s.level === 1 && s.xp === 0));
      const row = await stores.prisma.player.findUniqueOrThrow({ where: { id: player.id } });
      assert.equal(row.currentHp, 10);
    });

    it("puts equipment one per slot and splits stacks at their stack size", async () => {
      auth = build({ STARTER_KIT: "bread:70,copper_dagger:2" });
      const { player } = await register();
      const slots = await stores.prisma.playerInventorySlot.findMany({ where: { playerId: player.id }, orderBy: { slot: "asc" } });
      const bread = itemNamed("bread").id;
      const dagger = itemNamed("copper_dagger").id;
      assert.deepEqual(
        slots.map((s) => [s.slot, s.itemId, s.quantity]),
        [[0, bread, 64], [1, bread, 6], [2, dagger, 1], [3, dagger, 1]],
      );
    });

    it("refuses to start with a starter kit naming an unknown item", () => {
      assert.throws(() => build({ STARTER_KIT: "excalibur:1" }), /excalibur/);
    });

    it("never gives a role by registration, not even to a name listed in ADMIN_USERNAMES", async () => {
      const { player } = await register("BOSS");
      assert.equal(player.role, "player");
      assert.equal((await gsm.accounts.findById(player.id))?.role, "player");
      assert.equal(sessionOf(await auth.login("boss", PASSWORD, "10.0.0.1")).player.role, "player");
    });

    it("gives a listed name nothing after its admin deleted the account and someone else registered it", async () => {
      const first = await register("boss");
      assert.deepEqual(await auth.grantListedAdmins(), { granted: ["boss"], missing: [] });
      await auth.deleteAccount((await gsm.accounts.findById(first.player.id))!, PASSWORD, kick);
      const squatter = await register("Boss", "another password");
      assert.equal(squatter.player.role, "player");
      assert.equal(sessionOf(await auth.login("boss", "another password", "10.0.0.1")).player.role, "player");
    });

    it("limits registrations per address to REGISTRATIONS_PER_ADDRESS per window, with retryAfterS", async () => {
      auth = build({ REGISTRATIONS_PER_ADDRESS: "2", REGISTRATION_WINDOW_S: "3600" });
      sessionOf(await auth.register("first_one", PASSWORD, "10.7.0.1"));
      sessionOf(await auth.register("second_one", PASSWORD, "10.7.0.1"));
      const refused = await auth.register("third_one", PASSWORD, "10.7.0.1");
      assert.equal(refused.ok || refused.code, "TOO_MANY_ATTEMPTS");
      assert.ok(!refused.ok && refused.retryAfterS !== undefined && refused.retryAfterS >= 1 && refused.retryAfterS <= 3600);
      assert.equal(await gsm.accounts.findByUsername("third_one"), null);
      sessionOf(await auth.register("third_one", PASSWORD, "10.7.0.2"));
      sessionOf(await auth.register("fourth_one", PASSWORD, "2001:db8:1:2::1"));
      sessionOf(await auth.register("fifth_one", PASSWORD, "2001:db8:1:2:ffff::9"));
      const v6 = await auth.register("sixth_one", PASSWORD, "2001:db8:1:2:abcd::7");
      assert.equal(v6.ok || v6.code, "TOO_MANY_ATTEMPTS", "IPv6 addresses count by their /64");
    });

    it("registers without limit when REGISTRATIONS_PER_ADDRESS is 0", async () => {
      auth = build({ REGISTRATIONS_PER_ADDRESS: "0" });
      for (let i = 0; i < 25; i++) sessionOf(await auth.register(`many_${i}`, PASSWORD, "10.7.1.1"));
    });
  });

  describe("grantListedAdmins", () => {
    it("gives the admin role to listed accounts that exist and names the missing ones", async () => {
      const boss = await register("Boss");
      const other = await register("other");
      auth = build({ ADMIN_USERNAMES: "boss, nobody_yet" });
      assert.deepEqual(await auth.grantListedAdmins(), { granted: ["Boss"], missing: ["nobody_yet"] });
      assert.equal((await gsm.accounts.findById(boss.player.id))?.role, "admin");
      assert.equal((await gsm.accounts.findById(other.player.id))?.role, "player");
      assert.deepEqual(await auth.grantListedAdmins(), { granted: [], missing: ["nobody_yet"] });
      const late = await register("nobody_yet");
      assert.equal(late.player.role, "player");
    });
  });

  describe("login", () => {
    it("signs in with the username in any letter case", async () => {
      const registered = await register("Alice");
      const { token, player } = sessionOf(await auth.login("aLiCe", PASSWORD, "10.0.0.1"));
      assert.deepEqual(player, registered.player);
      const verified = await auth.verifyToken(token);
      assert.equal(verified.ok && verified.data.username, "Alice");
    });

    it("answers the same INVALID_CREDENTIALS for an unknown user, a wrong password and an impossible name, after one hash each", async () => {
      await register("alice");
      const attempts: Array<[unknown, unknown]> = [["nobody", PASSWORD], ["alice", "wrong password"], ["no such name!", PASSWORD], ["x".repeat(500), PASSWORD]];
      const answers = [];
      for (const [username, password] of attempts) {
        hasher.verifies = 0;
        answers.push(await auth.login(username, password, `10.0.0.${answers.length}`));
        assert.equal(hasher.verifies, 1, String(username));
      }
      for (const answer of answers) assert.deepEqual(answer, answers[0]);
      assert.equal(answers[0]?.ok || answers[0]?.code, "INVALID_CREDENTIALS");
    });

    it("refuses missing or non-string fields with INVALID_INPUT", async () => {
      for (const [username, password] of [[undefined, PASSWORD], ["alice", undefined], [1, PASSWORD], ["alice", { a: 1 }]]) {
        const result = await auth.login(username, password, "10.0.0.1");
        assert.equal(result.ok || result.code, "INVALID_INPUT");
      }
    });

    it("throttles a username at one address after AUTH_MAX_FAILURES failures, even with the right password, with retryAfterS", async () => {
      await register("alice");
      for (let i = 0; i < 3; i++) {
        const result = await auth.login("alice", "wrong password", "10.0.1.1");
        assert.equal(result.ok || result.code, "INVALID_CREDENTIALS");
      }
      hasher.verifies = 0;
      const throttled = await auth.login("ALICE", PASSWORD, "10.0.1.1");
      assert.equal(throttled.ok || throttled.code, "TOO_MANY_ATTEMPTS");
      assert.ok(!throttled.ok && throttled.retryAfterS !== undefined && throttled.retryAfterS >= 1 && throttled.retryAfterS <= 600);
      assert.equal(hasher.verifies, 0);
      await register("bob");
      sessionOf(await auth.login("bob", PASSWORD, "10.0.1.1"));
    });

    it("does not lock the owner out from another address however often one address guesses", async () => {
      await register("alice");
      const codes = [];
      for (let i = 0; i < 25; i++) codes.push((await auth.login("alice", "wrong password", "10.66.6.6")).ok || "refused");
      assert.ok(codes.every((c) => c === "refused"));
      const attacker = await auth.login("alice", PASSWORD, "10.66.6.6");
      assert.equal(attacker.ok || attacker.code, "TOO_MANY_ATTEMPTS");
      sessionOf(await auth.login("alice", PASSWORD, "10.0.0.1"));
    });

    it("throttles a username everywhere after 10x AUTH_MAX_FAILURES failures from many addresses", async () => {
      await register("alice");
      for (let a = 0; a < 10; a++) {
        for (let i = 0; i < 3; i++) await auth.login("alice", "wrong password", `10.0.4.${a}`);
      }
      const owner = await auth.login("alice", PASSWORD, "10.0.5.1");
      assert.equal(owner.ok || owner.code, "TOO_MANY_ATTEMPTS");
      assert.ok(!owner.ok && (owner.retryAfterS ?? 0) >= 1);
    });

    it("gives at most AUTH_MAX_FAILURES verdicts to a burst of concurrent guesses from one address", async () => {
      await register("alice");
      const guesses = Array.from({ length: 10 }, (_, i) => auth.login("alice", `wrong password ${i}`, "10.0.3.1"));
      const codes = (await Promise.all(guesses)).map((r) => r.ok || r.code);
      assert.equal(codes.filter((c) => c === "INVALID_CREDENTIALS").length, 3);
      assert.equal(codes.filter((c) => c === "TOO_MANY_ATTEMPTS").length, 7);
      const right = await auth.login("alice", PASSWORD, "10.0.3.1");
      assert.equal(right.ok || right.code, "TOO_MANY_ATTEMPTS");
    });

    it("replaces a hash made at a lower cost with one at the hasher's cost on login, keeping tokens valid", async () => {
      const weak = new PasswordHasher({ N: 512, r: 8, p: 1 });
      const { player, token } = await register("alice");
      await stores.prisma.player.update({ where: { id: player.id }, data: { passwordHash: await weak.hash(PASSWORD) } });
      sessionOf(await auth.login("alice", PASSWORD, "10.0.0.1"));
      const stored = (await gsm.accounts.findById(player.id))!.passwordHash;
      assert.match(stored, /^scrypt\$1024\$8\$1\$/);
      assert.equal(await hasher.verify(PASSWORD, stored), true);
      assert.equal((await auth.verifyToken(token)).ok, true);
      sessionOf(await auth.login("alice", PASSWORD, "10.0.0.1"));
      assert.equal((await gsm.accounts.findById(player.id))!.passwordHash, stored, "a hash at the current cost is kept");
    });

    it("clears the username's failures on a successful login", async () => {
      await register("alice");
      for (let i = 0; i < 2; i++) await auth.login("alice", "wrong password", "10.0.0.1");
      sessionOf(await auth.login("alice", PASSWORD, "10.0.0.1"));
      for (let i = 0; i < 2; i++) await auth.login("alice", "wrong password", "10.0.0.1");
      sessionOf(await auth.login("alice", PASSWORD, "10.0.0.1"));
    });

    it("throttles an address after 10x AUTH_MAX_FAILURES failures over any usernames", async () => {
      await register("alice");
      for (let i = 0; i < 30; i++) {
        const result = await auth.login(`user_${i}`, "wrong password", "10.9.9.9");
        assert.equal(result.ok || result.code, "INVALID_CREDENTIALS");
      }
      const throttled = await auth.login("alice", PASSWORD, "10.9.9.9");
      assert.equal(throttled.ok || throttled.code, "TOO_MANY_ATTEMPTS");
      assert.ok(!throttled.ok && (throttled.retryAfterS ?? 0) >= 1);
      sessionOf(await auth.login("alice", PASSWORD, "10.9.9.10"));
    });

    it("answers BANNED with the reason only to the right password of a banned account", async () => {
      const boss = await register("boss");
      assert.equal((await auth.promote("boss")).ok, true);
      const { player } = await register("alice");
      const admin = await gsm.accounts.findById(boss.player.id);
      assert.deepEqual(await auth.ban(admin!, "ALICE", "botting", kick), { ok: true, data: undefined });
      assert.deepEqual(await auth.login("alice", PASSWORD, "10.0.0.1"), { ok: false, code: "BANNED", message: "botting" });
      const wrong = await auth.login("alice", "wrong password", "10.0.0.1");
      assert.equal(wrong.ok || wrong.code, "INVALID_CREDENTIALS");
      assert.deepEqual(kicks, [[player.id, "BANNED"]]);
    });

    it("grants no role on login, also to a username added to ADMIN_USERNAMES later", async () => {
      assert.equal(sessionOf(await build().register("late_boss", PASSWORD, "10.1.0.1")).player.role, "player");
      const later = build({ ADMIN_USERNAMES: "someone, LATE_BOSS" });
      const { player } = sessionOf(await later.login("late_boss", PASSWORD, "10.0.0.1"));
      assert.equal(player.role, "player");
      assert.equal((await gsm.accounts.findById(player.id))?.role, "player");
    });

    it("answers the current position, unsynced changes included", async () => {
      const { player } = await register("alice");
      await gsm.loadPlayerState(player.id, player.username);
      await gsm.fields.setPlayerPosition(player.id, 3, 4, "forest");
      const { player: now } = sessionOf(await auth.login("alice", PASSWORD, "10.0.0.1"));
      assert.deepEqual([now.mapId, now.x, now.y], ["forest", 3, 4]);
    });
  });

  describe("tokens", () => {
    it("signs HS256 tokens with sub = the id as a string, tv = the token version, and exp", async () => {
      const { token, player } = await register();
      const decoded = jwt.decode(token, { complete: true });
      assert.equal(decoded?.header.alg, "HS256");
      const payload = decoded?.payload as jwt.JwtPayload;
      assert.equal(payload.sub, String(player.id));
      assert.equal(payload["tv"], 0);
      assert.equal(payload.exp, Math.floor(clock.nowMs / 1000) + 3600);
    });

    it("refuses missing, malformed, foreign, tampered and expired tokens with UNAUTHORIZED", async () => {
      const { token, player } = await register();
      const secret = testConfig().jwtSecret;
      const iat = Math.floor(clock.nowMs / 1000);
      const [head, body, signature] = token.split(".");
      const tampered = `${head}.${Buffer.from(JSON.stringify({ sub: "999", tv: 0, exp: iat + 60 })).toString("base64url")}.${signature}`;
      const bad = [
        undefined, "", "garbage", 42, tampered, `${head}.${body}.`,
        jwt.sign({ tv: 0 }, "another-secret-of-16-chars", { subject: String(player.id) }),
        jwt.sign({ tv: 0, iat, exp: iat + 60 }, secret, { subject: "not-a-number" }),
        jwt.sign({ iat, exp: iat + 60 }, secret, { subject: String(player.id) }),
        jwt.sign({ tv: 0, iat, exp: iat + 60 }, secret, { subject: String(player.id), algorithm: "HS512" }),
      ];
      for (const candidate of bad) {
        const result = await auth.verifyToken(candidate);
        assert.equal(result.ok || result.code, "UNAUTHORIZED", String(candidate));
      }
      clock.advance(3601 * 1000);
      assert.deepEqual(await auth.verifyToken(token), { ok: false, code: "UNAUTHORIZED", message: "token expired" });
    });

    it("revokes every earlier token and kicks the online session (LOGGED_IN_ELSEWHERE) when the password changes", async () => {
      const { token, player } = await register();
      const account = await auth.verifyToken(token);
      assert.ok(account.ok);
      const wrong = await auth.changePassword(account.data, "not my password", "new password 1", kick);
      assert.equal(wrong.ok || wrong.code, "INVALID_CREDENTIALS");
      const short = await auth.changePassword(account.data, PASSWORD, "short", kick);
      assert.equal(short.ok || short.code, "INVALID_INPUT");
      assert.equal((await auth.verifyToken(token)).ok, true);
      assert.deepEqual(kicks, []);

      let revokedWhenKicked: unknown = null;
      const checkingKick = async (playerId: number, reason: AuthKickReason) => {
        revokedWhenKicked = !(await auth.verifyToken(token)).ok;
        await kick(playerId, reason);
      };
      assert.deepEqual(await auth.changePassword(account.data, PASSWORD, "new password 1", checkingKick), { ok: true, data: undefined });
      assert.deepEqual(kicks, [[player.id, "LOGGED_IN_ELSEWHERE"]]);
      assert.equal(revokedWhenKicked, true, "the kicked client cannot join again with its old token");
      assert.deepEqual(await auth.verifyToken(token), { ok: false, code: "UNAUTHORIZED", message: "token revoked" });
      const old = await auth.login("alice", PASSWORD, "10.0.0.1");
      assert.equal(old.ok || old.code, "INVALID_CREDENTIALS");
      const fresh = sessionOf(await auth.login("alice", "new password 1", "10.0.0.1"));
      assert.equal((await auth.verifyToken(fresh.token)).ok, true);
    });

    it("answers BANNED for a banned account's token and UNAUTHORIZED for a deleted account's", async () => {
      const boss = await register("boss");
      assert.equal((await auth.promote("boss")).ok, true);
      const alice = await register("alice");
      const bob = await register("bob");
      const admin = (await gsm.accounts.findById(boss.player.id))!;
      await auth.ban(admin, "alice", undefined, kick);
      assert.deepEqual(await auth.verifyToken(alice.token), { ok: false, code: "BANNED", message: "this account is banned" });
      await auth.deleteAccount((await gsm.accounts.findById(bob.player.id))!, PASSWORD, kick);
      const deleted = await auth.verifyToken(bob.token);
      assert.equal(deleted.ok || deleted.code, "UNAUTHORIZED");
    });
  });

  describe("ban and promote", () => {
    it("refuses a ban by a non-admin with FORBIDDEN and an unknown user with NOT_FOUND", async () => {
      const alice = await register("alice");
      await register("bob");
      const player = (await gsm.accounts.findById(alice.player.id))!;
      const forbidden = await auth.ban(player, "bob", "no reason", kick);
      assert.equal(forbidden.ok || forbidden.code, "FORBIDDEN");
      const admin = { ...player, role: "admin" as const };
      const missing = await auth.ban(admin, "nobody", undefined, kick);
      assert.equal(missing.ok || missing.code, "NOT_FOUND");
      const badReason = await auth.ban(admin, "bob", 7, kick);
      assert.equal(badReason.ok || badReason.code, "INVALID_INPUT");
      assert.equal((await gsm.accounts.findByUsername("bob"))?.banned, false);
      assert.deepEqual(kicks, []);
    });

    it("promotes a user to a role, and answers NOT_FOUND for an unknown one", async () => {
      await register("alice");
      const promoted = await auth.promote("ALICE", "moderator");
      assert.equal(promoted.ok && promoted.data.role, "moderator");
      assert.equal((await gsm.accounts.findByUsername("alice"))?.role, "moderator");
      const missing = await auth.promote("nobody");
      assert.equal(missing.ok || missing.code, "NOT_FOUND");
    });
  });

  describe("deleteAccount", () => {
    it("kicks the session first, deletes every row and key, and frees the username", async () => {
      const { player, token } = await register("alice");
      await gsm.loadPlayerState(player.id, player.username);
      const account = (await gsm.accounts.findById(player.id))!;
      let existedWhenKicked = false;
      let tokenWhenKicked: unknown = null;
      const checkingKick = async (playerId: number, reason: AuthKickReason) => {
        existedWhenKicked = (await gsm.accounts.findById(playerId)) !== null;
        tokenWhenKicked = (await auth.verifyToken(token)).ok;
        await kick(playerId, reason);
      };

      assert.deepEqual(await auth.deleteAccount(account, PASSWORD, checkingKick), { ok: true, data: undefined });
      assert.deepEqual(kicks, [[player.id, "ACCOUNT_DELETED"]]);
      assert.equal(existedWhenKicked, true);
      assert.equal(tokenWhenKicked, false, "the token is revoked before the kick, so the client cannot join again");
      assert.equal(await gsm.accounts.findByUsername("alice"), null);
      assert.equal(await gsm.readPlayer(player.id), null);
      assert.equal(await gsm.isOnline(player.id), false);
      assert.equal(await stores.prisma.playerInventorySlot.count({ where: { playerId: player.id } }), 0);
      assert.equal(await stores.prisma.playerSkill.count({ where: { playerId: player.id } }), 0);

      const again = await register("ALICE", "another password");
      assert.notEqual(again.player.id, player.id);
      assert.equal(await stores.prisma.playerInventorySlot.count({ where: { playerId: again.player.id } }), 4);
    });

    it("refuses a wrong or missing password and deletes nothing", async () => {
      const { player } = await register("alice");
      const account = (await gsm.accounts.findById(player.id))!;
      const wrong = await auth.deleteAccount(account, "wrong password", kick);
      assert.equal(wrong.ok || wrong.code, "INVALID_CREDENTIALS");
      const missing = await auth.deleteAccount(account, undefined, kick);
      assert.equal(missing.ok || missing.code, "INVALID_INPUT");
      assert.deepEqual(kicks, []);
      assert.notEqual(await gsm.accounts.findById(player.id), null);
    });
  });
});
