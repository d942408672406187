import type { Valkey } from "iovalkey";
import { keys } from "./keys.js";

/**
 * Attempt counters in Valkey (shared by every process): a fixed window per subject that starts at its
 * first attempt. One round trip per call.
 */
export class AuthThrottleStore {
  constructor(private readonly valkey: Valkey) {}

  /** Counts one attempt of `subject` and returns the count within the current window. */
  async record(subject: string, windowS: number): Promise<number> {
    const key = keys.authFailures(subject);
    const replies = await this.valkey.multi().incr(key).expire(key, windowS, "NX").exec();
    return Number(replies?.[0]?.[1] ?? 0);
  }

  /** The attempts within the window and the seconds until it ends (0 when there are none). */
  async count(subject: string): Promise<{ count: number; retryAfterS: number }> {
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
