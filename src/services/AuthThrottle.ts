import { createHash } from "node:crypto";
import { isIP } from "node:net";
import type { AuthThrottleStore } from "../state/AuthThrottleStore.js";

/** The per-address and per-username limits are this many times the per-(username, address) one. */
export const WIDE_LIMIT_FACTOR = 10;

const USERNAME_PATTERN = /^[a-z0-9_]{3,20}$/;

export interface AuthThrottleLimits {
  /** Failed logins per (username, address) within `windowS` (AUTH_MAX_FAILURES). */
  maxFailures: number;
  /** AUTH_FAILURE_WINDOW_S. */
  windowS: number;
  /** Registrations per address within `registrationWindowS`; 0: no limit. */
  registrationsPerAddress: number;
  registrationWindowS: number;
}

interface Subject {
  key: string;
  limit: number;
}

/**
 * Attempt limits shared by every process (counters in Valkey, fixed windows that start at the first
 * attempt). Failed logins count per (username, address) with the limit `maxFailures`, per address (any
 * usernames) and per username (any addresses) with ten times that: an attacker at one address locks
 * only that address out, and locking an owner out everywhere takes failures from at least ten addresses.
 * Failed monitor logins count per address (`maxFailures`); registrations per address. IPv6 addresses
 * count by their /64 network (one subscriber's usual allocation).
 */
export class AuthThrottle {
  constructor(
    private readonly store: AuthThrottleStore,
    private readonly limits: AuthThrottleLimits,
  ) {}

  /** Seconds until `username` may try a login from `address` again; 0 when no limit is reached. */
  loginBlockedForS(username: string, address: string): Promise<number> {
    return this.blockedForS(this.loginSubjects(username, address));
  }

  /**
   * Counts a failed login. True when the failure went over a limit: of attempts that passed the check
   * together, only the first `maxFailures` get a verdict.
   */
  async recordLoginFailure(username: string, address: string): Promise<boolean> {
    const subjects = this.loginSubjects(username, address);
    const counts = await Promise.all(subjects.map((s) => this.store.record(s.key, this.limits.windowS)));
    return counts.some((count, i) => count > subjects[i]!.limit);
  }

  /**
   * A successful login clears the failures of its (username, address) only: the username's count from
   * other addresses stays, so an owner's login does not hand a distributed guesser new attempts.
   */
  async recordLoginSuccess(username: string, address: string): Promise<void> {
    await this.store.clear(pairKey(username, address));
  }

  /** Forgets a deleted account's count from every address (its pairs expire with their windows). */
  async forgetUsername(username: string): Promise<void> {
    await this.store.clear(userKey(username));
  }

  /**
   * Takes one registration from the address's allowance. Returns 0 when it was granted, otherwise the
   * seconds until the window ends (nothing is taken then).
   */
  async takeRegistration(address: string): Promise<number> {
    const { registrationsPerAddress, registrationWindowS } = this.limits;
    if (registrationsPerAddress === 0) return 0;
    const key = `register:${throttleAddress(address)}`;
    const count = await this.store.record(key, registrationWindowS);
    if (count <= registrationsPerAddress) return 0;
    return Math.max((await this.store.count(key)).retryAfterS, 1);
  }

  /** Seconds until `address` may try the monitor's password again; 0 when it may. */
  monitorBlockedForS(address: string): Promise<number> {
    return this.blockedForS([this.monitorSubject(address)]);
  }

  async recordMonitorFailure(address: string): Promise<void> {
    await this.store.record(this.monitorSubject(address).key, this.limits.windowS);
  }

  private monitorSubject(address: string): Subject {
    return { key: `monitor:${throttleAddress(address)}`, limit: this.limits.maxFailures };
  }

  private loginSubjects(username: string, address: string): Subject[] {
    const wide = this.limits.maxFailures * WIDE_LIMIT_FACTOR;
    return [
      { key: pairKey(username, address), limit: this.limits.maxFailures },
      { key: `addr:${throttleAddress(address)}`, limit: wide },
      { key: userKey(username), limit: wide },
    ];
  }

  private async blockedForS(subjects: Subject[]): Promise<number> {
    const counts = await Promise.all(subjects.map((s) => this.store.count(s.key)));
    return Math.max(0, ...counts.map((c, i) => (c.count >= subjects[i]!.limit ? c.retryAfterS : 0)));
  }
}

/**
 * A login name as a throttle key: names that could be accounts by their lower-case form, anything else
 * (any length) by a digest, so a key stays short.
 */
function usernameKey(username: string): string {
  const lower = username.toLowerCase();
  return USERNAME_PATTERN.test(lower) ? lower : `#${createHash("sha256").update(lower).digest("hex").slice(0, 32)}`;
}

function userKey(username: string): string {
  return `user:${usernameKey(username)}`;
}

function pairKey(username: string, address: string): string {
  return `pair:${usernameKey(username)}@${throttleAddress(address)}`;
}

/**
 * The address a throttle counts: IPv4 as it is (also when written as IPv4-mapped IPv6), IPv6 as its /64
 * network, anything else unchanged.
 */
export function throttleAddress(address: string): string {
  const bare = (address.split("%")[0] ?? "").toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(bare);
  if (mapped?.[1]) return mapped[1];
  if (isIP(bare) !== 6) return address;
  const groupsOf = (part: string) => (part === "" ? [] : part.split(":").flatMap((g) => (g.includes(".") ? ["0", "0"] : [g])));
  const [left = "", right] = bare.split("::");
  const head = groupsOf(left);
  const tail = right === undefined ? [] : groupsOf(right);
  const groups = right === undefined ? head : [...head, ...Array<string>(8 - head.length - tail.length).fill("0"), ...tail];
  return `${groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(":")}::/64`;
}
