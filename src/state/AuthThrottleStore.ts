import type { Valkey } from "iovalkey";
import { keys } from "./keys.js";

/**
 * Failed-login counters in Valkey (shared by every process): a fixed window per key that starts at the
 * first failure. One round trip per call.
 */
export class AuthThrottleStore {
  constructor(private readonly valkey: Valkey) {}

  /** Counts one failure for `subject` and returns the count within the current window. */
  async recordFailure(subject: string, windowS: number): Promise<number> {
    const key = keys.authFailures(subject);
    const replies = await this.valkey.multi().incr(key).expire(key, windowS, "NX").exec();
    return Number(replies?.[0]?.[1] ?? 0);
  }

  /** The failures within the window and the seconds until it ends (0 when there are none). */
  async failures(subject: string): Promise<{ count: number; retryAfterS: number }> {
    const key = keys.authFailures(subject);
    const replies = await this.valkey.multi().get(key).ttl(key).exec();
    const count = Number(replies?.[0]?.[1] ?? 0);
    const ttl = Number(replies?.[1]?.[1] ?? -2);
    return { count, retryAfterS: count > 0 ? Math.max(ttl, 1) : 0 };
  }

  async clear(subject: string): Promise<void> {
    await this.valkey.del(keys.authFailures(subject));
  }
}
