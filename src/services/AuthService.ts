import { createSecretKey, type KeyObject } from "node:crypto";
import type { AuthResponse, PlayerInfo } from "../protocol/index.js";
import jwt from "jsonwebtoken";
import type { Config } from "../config/config.js";
import type { GameStateManager } from "../state/GameStateManager.js";
import type { Account } from "../state/PlayerRepository.js";
import type { Inventory, Role } from "../state/types.js";
import { authFail, type AuthFail, type AuthResult } from "./authErrorCodes.js";
import type { ItemFlow } from "./ItemFlow.js";
import { AuthThrottle } from "./AuthThrottle.js";
import type { ItemService } from "./ItemService.js";
import type { PasswordHasher } from "./PasswordHasher.js";
import { ok, type Ok } from "./results.js";
import { playerMaxHp } from "./rules/equipmentRules.js";
import { initialSkills } from "./rules/initialSkills.js";
import { planAddMany } from "./rules/inventoryRules.js";

const USERNAME_PATTERN = /^[A-Za-z0-9_]{3,20}$/;
const PASSWORD_MIN_CHARS = 8;
const PASSWORD_MAX_CHARS = 72;
const BAN_REASON_MAX_CHARS = 200;

/** What register and login answer (PROTOCOL.md): a bearer token and the player. */
export type Session = AuthResponse;

/**
 * Why an account operation closes an online session (the `kicked` reason). A password change closes
 * the sessions it revoked with LOGGED_IN_ELSEWHERE: the account was used elsewhere, log in again.
 */
export type AuthKickReason = "BANNED" | "ACCOUNT_DELETED" | "LOGGED_IN_ELSEWHERE";

/**
 * Closes the player's online session, if any, with `reason`, and resolves once its state is saved
 * (immediately when the player is offline). Implemented by the rooms layer.
 */
export type Kick = (playerId: number, reason: AuthKickReason) => Promise<void>;

export interface AuthServiceDeps {
  gsm: GameStateManager;
  config: Config;
  hasher: PasswordHasher;
  /** The spawn tile of a map; new players start at `spawnOf(config.defaultMap)`. */
  spawnOf: (mapId: string) => { x: number; y: number };
  items: ItemService;
  /** Milliseconds since the epoch, for token times; injected so tests control time. */
  now?: () => number;
  /** Told of the starter kit each registration grants. */
  itemFlow?: ItemFlow;
}

/** True for a username that registration accepts: 3-20 of [A-Za-z0-9_]. */
export function isValidUsername(value: unknown): value is string {
  return typeof value === "string" && USERNAME_PATTERN.test(value);
}

/** True for a password that registration accepts: 8-72 characters (Unicode code points). */
export function isValidPassword(value: unknown): value is string {
  if (typeof value !== "string") return false;
  const chars = [...value].length;
  return chars >= PASSWORD_MIN_CHARS && chars <= PASSWORD_MAX_CHARS;
}

const INVALID_CREDENTIALS = "wrong username or password";
const USERNAME_RULE = "username must be 3-20 characters of A-Z, a-z, 0-9 and _";
const PASSWORD_RULE = `password must be ${PASSWORD_MIN_CHARS}-${PASSWORD_MAX_CHARS} characters`;

/** Why a token does not admit its bearer (the room turns it into `401 UNAUTHORIZED` or `403 BANNED`). */
export type TokenFail = AuthFail<"UNAUTHORIZED" | "BANNED">;

/**
 * Accounts and their credentials: registration (limited per address), login (throttled), JWT bearer
 * tokens, password changes, deletion, bans and roles. Account rows are written to PostgreSQL at once
 * (through `gsm.accounts`); the throttle's counters live in Valkey, shared by every process.
 *
 * Every method returns expected refusals as `AuthFail` with a code of `authErrorCodes.ts`; storage
 * failures are thrown as the drivers' errors.
 */
export class AuthService {
  private readonly gsm: GameStateManager;
  private readonly config: Config;
  private readonly hasher: PasswordHasher;
  private readonly spawnOf: (mapId: string) => { x: number; y: number };
  private readonly items: ItemService;
  private readonly now: () => number;
  private readonly starterInventory: Inventory;
  private readonly jwtKey: KeyObject;
  private readonly itemFlow: ItemFlow | undefined;
  /** The attempt limits (also used by the monitor's login). */
  readonly throttle: AuthThrottle;

  /** @throws Error when the starter kit names an unknown item or does not fit in the inventory. */
  constructor(deps: AuthServiceDeps) {
    this.gsm = deps.gsm;
    this.config = deps.config;
    this.hasher = deps.hasher;
    this.spawnOf = deps.spawnOf;
    this.items = deps.items;
    this.now = deps.now ?? Date.now;
    this.starterInventory = this.buildStarterInventory();
    this.itemFlow = deps.itemFlow;
    // A key object once, not the string on every call: verifying with a string secret costs ~70x more.
    this.jwtKey = createSecretKey(Buffer.from(deps.config.jwtSecret, "utf8"));
    this.throttle = new AuthThrottle(deps.gsm.authThrottle, {
      maxFailures: deps.config.rules.authMaxFailures,
      windowS: deps.config.rules.authFailureWindowS,
      registrationsPerAddress: deps.config.registrations.perAddress,
      registrationWindowS: deps.config.registrations.windowS,
    });
  }

  /**
   * Creates an account with the player role at the default map's spawn with full HP, the initial skills
   * and the starter kit, all in one transaction, and signs it in. Never grants another role: a name in
   * ADMIN_USERNAMES gets nothing by registering (see `grantListedAdmins`). Fails with INVALID_INPUT
   * (username or password shape), USERNAME_TAKEN (case-insensitive), or TOO_MANY_ATTEMPTS with
   * `retryAfterS` once `address` has used REGISTRATIONS_PER_ADDRESS within REGISTRATION_WINDOW_S.
   */
  async register(username: unknown, password: unknown, address: string): Promise<AuthResult<Session>> {
    if (!isValidUsername(username)) return authFail("INVALID_INPUT", USERNAME_RULE);
    if (!isValidPassword(password)) return authFail("INVALID_INPUT", PASSWORD_RULE);
    if (await this.gsm.accounts.findByUsername(username)) return authFail("USERNAME_TAKEN", `the username ${username} is taken`);
    const waitS = await this.throttle.takeRegistration(address);
    if (waitS > 0) return authFail("TOO_MANY_ATTEMPTS", `too many registrations from this address; try again in ${waitS} s`, waitS);

    const skills = initialSkills(this.config.rules);
    const spawn = this.spawnOf(this.config.defaultMap);
    const account = await this.gsm.accounts.create({
      username,
      passwordHash: await this.hasher.hash(password),
      role: "player",
      mapId: this.config.defaultMap,
      x: spawn.x,
      y: spawn.y,
      currentHp: playerMaxHp({ skills, equipment: new Map() }, this.items.getById),
      skills,
      inventory: this.starterInventory,
    });
    // Null only when another registration of the same name won the race since the check above.
    if (!account) return authFail("USERNAME_TAKEN", `the username ${username} is taken`);
    this.itemFlow?.created("grant", [...this.starterInventory.values()].reduce((sum, stack) => sum + stack.quantity, 0));
    return ok(await this.session(account));
  }

  /**
   * Signs in (username without regard to case). Exactly one password hash is computed for every attempt
   * that reaches the check, whether the user exists or not, and every failure answers INVALID_CREDENTIALS
   * with the same message. Failures are limited per (username, address), per address and per username
   * (see `AuthThrottle`); over a limit, attempts answer TOO_MANY_ATTEMPTS with `retryAfterS` until its
   * window ends, even with the right password. A correct password of a banned account answers BANNED
   * with the reason. A success clears the failures of its (username, address), and a hash made at a
   * lower cost than the hasher's is replaced by one at the current cost (tokens stay valid). Roles are
   * never granted here. Fails with INVALID_INPUT when a field is missing or not a string.
   */
  async login(username: unknown, password: unknown, address: string): Promise<AuthResult<Session>> {
    if (typeof username !== "string" || typeof password !== "string") {
      return authFail("INVALID_INPUT", "username and password must be strings");
    }
    const blockedForS = await this.throttle.loginBlockedForS(username, address);
    if (blockedForS > 0) return tooManyAttempts(blockedForS);

    const account = await this.gsm.accounts.findByUsername(username);
    const matches = await this.hasher.verify(password, account?.passwordHash ?? null);
    if (!account || !matches) {
      if (await this.throttle.recordLoginFailure(username, address)) {
        return tooManyAttempts(Math.max(await this.throttle.loginBlockedForS(username, address), 1));
      }
      return authFail("INVALID_CREDENTIALS", INVALID_CREDENTIALS);
    }
    // Checked again: a burst's right guess is not granted once the limit was reached while it was verified.
    const blockedNowS = await this.throttle.loginBlockedForS(username, address);
    if (blockedNowS > 0) return tooManyAttempts(blockedNowS);

    await this.throttle.recordLoginSuccess(username, address);
    if (account.banned) return banned(account);
    if (this.hasher.needsRehash(account.passwordHash)) {
      await this.gsm.accounts.replacePasswordHash(account.id, account.passwordHash, await this.hasher.hash(password));
    }
    return ok(await this.session(account));
  }

  /** A JWT (HS256) with `sub` = the player id, `tv` = the token version, and `exp` = now + JWT_TTL_S. */
  issueToken(account: Pick<Account, "id" | "tokenVersion">): string {
    const iat = Math.floor(this.now() / 1000);
    return jwt.sign({ tv: account.tokenVersion, iat, exp: iat + this.config.jwtTtlS }, this.jwtKey, {
      algorithm: "HS256",
      subject: String(account.id),
    });
  }

  /**
   * The account a bearer token belongs to, read fresh from PostgreSQL. UNAUTHORIZED for a missing,
   * malformed, badly signed, expired or revoked (older token version) token and for a deleted account;
   * BANNED (message: the reason) for a banned account, whatever the token's version.
   */
  async verifyToken(token: unknown): Promise<Ok<Account> | TokenFail> {
    if (typeof token !== "string" || token === "") return authFail("UNAUTHORIZED", "missing token");
    let payload: string | jwt.JwtPayload;
    try {
      payload = jwt.verify(token, this.jwtKey, {
        algorithms: ["HS256"],
        clockTimestamp: Math.floor(this.now() / 1000),
      });
    } catch (err) {
      return authFail("UNAUTHORIZED", err instanceof jwt.TokenExpiredError ? "token expired" : "invalid token");
    }
    const claims = typeof payload === "string" ? null : payload;
    const playerId = /^[1-9]\d{0,14}$/.test(claims?.sub ?? "") ? Number(claims?.sub) : null;
    const tokenVersion: unknown = claims?.["tv"];
    if (playerId === null || typeof tokenVersion !== "number" || !Number.isSafeInteger(tokenVersion)) {
      return authFail("UNAUTHORIZED", "invalid token");
    }
    return this.admit(playerId, tokenVersion);
  }

  private async admit(playerId: number, tokenVersion: number): Promise<Ok<Account> | TokenFail> {
    const account = await this.gsm.accounts.findById(playerId);
    if (!account) return authFail("UNAUTHORIZED", "the account no longer exists");
    // Checked before the version: a ban revokes every token, yet an old token must still learn of the ban.
    if (account.banned) return banned(account);
    if (account.tokenVersion !== tokenVersion) return authFail("UNAUTHORIZED", "token revoked");
    return ok(account);
  }

  /**
   * Sets a new password after checking the current one, revokes every token issued before (the caller's
   * included), then `kick` closes the account's online session (reason LOGGED_IN_ELSEWHERE) and waits
   * for its save. INVALID_INPUT for a missing field or a new password of the wrong length,
   * INVALID_CREDENTIALS for a wrong current password.
   */
  async changePassword(account: Account, currentPassword: unknown, newPassword: unknown, kick: Kick): Promise<AuthResult<void>> {
    if (typeof currentPassword !== "string") return authFail("INVALID_INPUT", "currentPassword must be a string");
    if (!isValidPassword(newPassword)) return authFail("INVALID_INPUT", `new ${PASSWORD_RULE}`);
    if (!(await this.hasher.verify(currentPassword, account.passwordHash))) {
      return authFail("INVALID_CREDENTIALS", "the current password is wrong");
    }
    const tokenVersion = await this.gsm.accounts.changePasswordHash(account.id, await this.hasher.hash(newPassword));
    await this.gsm.sessions.revokeTokens(account.id, { belowVersion: tokenVersion, code: "UNAUTHORIZED", message: "token revoked" });
    await kick(account.id, "LOGGED_IN_ELSEWHERE");
    return ok(undefined);
  }

  /**
   * Deletes the account after checking its password: first `kick` closes an online session (reason
   * ACCOUNT_DELETED) and waits for its save, then every row and key of the player is deleted, so the
   * username can be registered again. INVALID_INPUT for a missing password, INVALID_CREDENTIALS for a
   * wrong one.
   */
  async deleteAccount(account: Account, password: unknown, kick: Kick): Promise<AuthResult<void>> {
    if (typeof password !== "string") return authFail("INVALID_INPUT", "password must be a string");
    if (!(await this.hasher.verify(password, account.passwordHash))) {
      return authFail("INVALID_CREDENTIALS", "the password is wrong");
    }
    // Revoke every token first (an unban of a not-banned account only bumps the token version), so the
    // kicked client cannot join again before the rows are gone; if the kick fails, a login can retry.
    const tokenVersion = await this.gsm.accounts.setBanned(account.id, false, null);
    await this.gsm.sessions.revokeTokens(account.id, { belowVersion: tokenVersion, code: "UNAUTHORIZED", message: "the account no longer exists" });
    await kick(account.id, "ACCOUNT_DELETED");
    await this.gsm.deletePlayer(account.id, account.username);
    await this.throttle.forgetUsername(account.username);
    return ok(undefined);
  }

  /**
   * Bans `username` (revoking its tokens), then kicks its online session (reason BANNED). FORBIDDEN
   * unless `admin` has the admin role; INVALID_INPUT for a non-string username or a reason that is not a
   * string of at most 200 characters; NOT_FOUND for an unknown user.
   */
  async ban(admin: Account, username: unknown, reason: unknown, kick: Kick): Promise<AuthResult<void>> {
    if (admin.role !== "admin") return authFail("FORBIDDEN", "only admins may ban");
    if (typeof username !== "string") return authFail("INVALID_INPUT", "username must be a string");
    if (reason !== undefined && reason !== null && (typeof reason !== "string" || reason.length > BAN_REASON_MAX_CHARS)) {
      return authFail("INVALID_INPUT", `reason must be a string of at most ${BAN_REASON_MAX_CHARS} characters`);
    }
    const target = await this.gsm.accounts.findByUsername(username);
    if (!target) return authFail("NOT_FOUND", `no user named ${username}`);
    const banReason = typeof reason === "string" && reason !== "" ? reason : null;
    const tokenVersion = await this.gsm.accounts.setBanned(target.id, true, banReason);
    const { code, message } = banned({ ...target, banReason });
    await this.gsm.sessions.revokeTokens(target.id, { belowVersion: tokenVersion, code, message });
    await kick(target.id, "BANNED");
    return ok(undefined);
  }

  /**
   * Gives `username` the role (default admin), in PostgreSQL and in the hot state of an online player,
   * so the player's next privileged command in any process sees it. NOT_FOUND for an unknown user.
   * Tokens stay valid.
   */
  async promote(username: string, role: Role = "admin"): Promise<AuthResult<Account>> {
    const account = await this.gsm.accounts.findByUsername(username);
    if (!account) return authFail("NOT_FOUND", `no user named ${username}`);
    await this.gsm.setRole(account.id, role);
    return ok({ ...account, role });
  }

  /**
   * Start-up: gives the admin role to each account listed in ADMIN_USERNAMES that exists now. Returns
   * the names that got it and the names that have no account (nobody gets those; registering such a
   * name later grants nothing).
   */
  async grantListedAdmins(): Promise<{ granted: string[]; missing: string[] }> {
    const granted: string[] = [];
    const missing: string[] = [];
    for (const username of this.config.adminUsernames) {
      const account = await this.gsm.accounts.findByUsername(username);
      if (!account) missing.push(username);
      else if (account.role !== "admin") {
        await this.gsm.setRole(account.id, "admin");
        granted.push(account.username);
      }
    }
    return { granted, missing };
  }

  /** The protocol's `player` for the account, with its current position (unsynced changes included). */
  async playerView(account: Account): Promise<PlayerInfo> {
    const position = (await this.gsm.getPlayerPosition(account.id)) ?? { mapId: account.mapId, x: account.x, y: account.y };
    return { id: account.id, username: account.username, role: account.role, mapId: position.mapId, x: position.x, y: position.y };
  }

  private async session(account: Account): Promise<Session> {
    return { token: this.issueToken(account), player: await this.playerView(account) };
  }

  private buildStarterInventory(): Inventory {
    const stacks = this.config.rules.starterKit.map(({ itemName, quantity }) => {
      const item = this.items.getByName(itemName);
      if (!item) throw new Error(`STARTER_KIT names an unknown item "${itemName}"`);
      return { itemId: item.id, quantity, durability: item.maxDurability };
    });
    const plan = planAddMany(new Map(), stacks, this.items.maxStackOf, this.config.rules.inventorySlots);
    if (plan.remaining.some((r) => r > 0)) throw new Error("STARTER_KIT does not fit in the inventory");
    return new Map(plan.set.map(({ slot, stack }) => [slot, stack]));
  }
}

function tooManyAttempts(retryAfterS: number): AuthFail<"TOO_MANY_ATTEMPTS"> {
  return authFail("TOO_MANY_ATTEMPTS", `too many failed logins; try again in ${retryAfterS} s`, retryAfterS);
}

function banned(account: Account): AuthFail<"BANNED"> {
  return authFail("BANNED", account.banReason ?? "this account is banned");
}
