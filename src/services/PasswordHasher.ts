import { randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from "node:crypto";

/** scrypt cost parameters. N must be a power of two; memory used is 128 * N * r bytes. */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/**
 * The production cost (N = 2^17, r = 8, p = 1, as current guidance for scrypt asks): 128 MiB and about
 * 0.4 s per hash on one core. At most as many hashes run at once as libuv has threads (4 by default), so
 * hashing holds at most about 512 MiB.
 */
export const DEFAULT_SCRYPT_COST: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;
// Bounds for parameters read back from a stored hash, so a corrupt row cannot make a login allocate gigabytes.
const MAX_N = 1 << 20;
const MAX_R = 32;
const MAX_P = 16;

interface Decoded {
  cost: ScryptCost;
  salt: Buffer;
  hash: Buffer;
}

function isPowerOfTwo(n: number): boolean {
  return Number.isSafeInteger(n) && n > 1 && (n & (n - 1)) === 0;
}

function checkCost(cost: ScryptCost): boolean {
  return (
    isPowerOfTwo(cost.N) && cost.N <= MAX_N &&
    Number.isSafeInteger(cost.r) && cost.r >= 1 && cost.r <= MAX_R &&
    Number.isSafeInteger(cost.p) && cost.p >= 1 && cost.p <= MAX_P
  );
}

function scryptOptions(cost: ScryptCost): ScryptOptions {
  // Node refuses scrypt above `maxmem` (32 MiB by default); allow what the parameters need plus slack.
  return { N: cost.N, r: cost.r, p: cost.p, maxmem: 256 * cost.N * cost.r + 1024 * 1024 };
}

function derive(password: string, salt: Buffer, cost: ScryptCost, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFC"), salt, length, scryptOptions(cost), (err, key) => (err ? reject(err) : resolve(key)));
  });
}

function encode(cost: ScryptCost, salt: Buffer, hash: Buffer): string {
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString("base64")}$${hash.toString("base64")}`;
}

function decode(encoded: string): Decoded | null {
  const parts = encoded.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return null;
  const [N, r, p] = parts.slice(1, 4).map((s) => (/^\d{1,10}$/.test(s ?? "") ? Number(s) : NaN));
  const cost = { N: N ?? NaN, r: r ?? NaN, p: p ?? NaN };
  if (!checkCost(cost)) return null;
  const salt = Buffer.from(parts[4] ?? "", "base64");
  const hash = Buffer.from(parts[5] ?? "", "base64");
  if (salt.length < 8 || hash.length < 16 || hash.length > 64) return null;
  return { cost, salt, hash };
}

/**
 * Password hashing with scrypt (memory-hard), encoded as `scrypt$N$r$p$salt$hash` (salt and hash in
 * base64). A hash keeps the parameters it was made with, so raising the cost never locks anyone out.
 *
 * `verify` spends one scrypt computation in every case: against the stored hash, or against a dummy hash
 * of this hasher's cost when there is no usable stored hash (unknown user, malformed row). Callers that
 * always call `verify` once therefore cost the same for known and unknown users.
 */
export class PasswordHasher {
  readonly cost: ScryptCost;
  private readonly dummy: Decoded;

  /** @throws RangeError for parameters outside N = 2..2^20 (power of two), r = 1..32, p = 1..16. */
  constructor(cost: ScryptCost = DEFAULT_SCRYPT_COST) {
    if (!checkCost(cost)) throw new RangeError(`invalid scrypt cost N=${cost.N} r=${cost.r} p=${cost.p}`);
    this.cost = { ...cost };
    // Computed once, synchronously, when the hasher is built (start-up), never on a request.
    const salt = randomBytes(SALT_BYTES);
    const hash = scryptSync(randomBytes(32).toString("base64"), salt, KEY_BYTES, scryptOptions(this.cost));
    this.dummy = { cost: this.cost, salt, hash };
  }

  /** A new salted hash of `password` (Unicode-normalised to NFC first). */
  async hash(password: string): Promise<string> {
    const salt = randomBytes(SALT_BYTES);
    return encode(this.cost, salt, await derive(password, salt, this.cost, KEY_BYTES));
  }

  /**
   * True when `password` matches `encoded`. A null or malformed `encoded` is verified against the dummy
   * hash and is always false, after the same work. Comparison is constant-time.
   */
  async verify(password: string, encoded: string | null): Promise<boolean> {
    const stored = encoded === null ? null : decode(encoded);
    const target = stored ?? this.dummy;
    const candidate = await derive(password, target.salt, target.cost, target.hash.length);
    return timingSafeEqual(candidate, target.hash) && stored !== null;
  }

  /**
   * True when `encoded` was made with a lower N, r or p than this hasher's cost (or cannot be read): a
   * login that verified it should store a new hash of the same password.
   */
  needsRehash(encoded: string): boolean {
    const stored = decode(encoded);
    if (!stored) return true;
    return stored.cost.N < this.cost.N || stored.cost.r < this.cost.r || stored.cost.p < this.cost.p;
  }
}
