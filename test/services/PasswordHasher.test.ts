import assert from "node:assert/strict";
import { DEFAULT_SCRYPT_COST, PasswordHasher } from "../../src/services/PasswordHasher.js";

describe("PasswordHasher", () => {
  const cheap = new PasswordHasher({ N: 1024, r: 8, p: 1 });

  it("encodes scrypt$N$r$p$salt$hash with a 16-byte salt and the production cost by default", async () => {
    const hasher = new PasswordHasher();
    const encoded = await hasher.hash("correct horse");
    const [scheme, N, r, p, salt, hash, ...rest] = encoded.split("$");
    assert.equal(scheme, "scrypt");
    assert.deepEqual([Number(N), Number(r), Number(p)], [DEFAULT_SCRYPT_COST.N, DEFAULT_SCRYPT_COST.r, DEFAULT_SCRYPT_COST.p]);
    assert.deepEqual(DEFAULT_SCRYPT_COST, { N: 2 ** 17, r: 8, p: 1 });
    assert.equal(Buffer.from(salt!, "base64").length, 16);
    assert.equal(Buffer.from(hash!, "base64").length, 32);
    assert.deepEqual(rest, []);
    assert.equal(await hasher.verify("correct horse", encoded), true);
  });

  it("asks for a rehash of a hash made with a lower N, r or p, or one it cannot read", async () => {
    const current = new PasswordHasher({ N: 2048, r: 8, p: 1 });
    assert.equal(current.needsRehash(await current.hash("pw")), false);
    assert.equal(current.needsRehash(await new PasswordHasher({ N: 4096, r: 8, p: 1 }).hash("pw")), false);
    assert.equal(current.needsRehash(await cheap.hash("pw")), true);
    assert.equal(current.needsRehash(await new PasswordHasher({ N: 2048, r: 4, p: 1 }).hash("pw")), true);
    assert.equal(current.needsRehash("not a hash"), true);
  });

  it("accepts the right password and refuses any other", async () => {
    const encoded = await cheap.hash("s3cret-password");
    assert.equal(await cheap.verify("s3cret-password", encoded), true);
    assert.equal(await cheap.verify("s3cret-passwore", encoded), false);
    assert.equal(await cheap.verify("", encoded), false);
  });

  it("salts every hash, so one password hashes differently each time", async () => {
    const [a, b] = await Promise.all([cheap.hash("same password"), cheap.hash("same password")]);
    assert.notEqual(a, b);
  });

  it("verifies hashes made with other parameters, using the ones stored in the hash", async () => {
    const encoded = await new PasswordHasher({ N: 2048, r: 4, p: 2 }).hash("portable pass");
    assert.equal(await cheap.verify("portable pass", encoded), true);
  });

  it("treats canonically equivalent Unicode spellings as the same password", async () => {
    const encoded = await cheap.hash("caf\u00e9 au lait");
    assert.equal(await cheap.verify("cafe\u0301 au lait", encoded), true);
  });

  it("answers false for a missing or malformed stored hash, without throwing", async () => {
    const good = await cheap.hash("password123");
    const [, , , , salt, hash] = good.split("$");
    const malformed = [
      "not-a-real-hash",
      "",
      `bcrypt$1024$8$1$${salt}$${hash}`,
      `scrypt$1000$8$1$${salt}$${hash}`,
      `scrypt$${2 ** 30}$8$1$${salt}$${hash}`,
      `scrypt$1024$8$1$${salt}`,
      `scrypt$1024$8$1$$${hash}`,
    ];
    assert.equal(await cheap.verify("password123", null), false);
    for (const encoded of malformed) assert.equal(await cheap.verify("password123", encoded), false, encoded);
  });

  it("spends a full hash on an unknown user (null stored hash), like on a real one", async function () {
    this.timeout(60_000);
    const hasher = new PasswordHasher({ N: 2 ** 14, r: 8, p: 1 });
    const encoded = await hasher.hash("password123");
    const time = async (stored: string | null) => {
      const start = process.hrtime.bigint();
      await hasher.verify("wrong password", stored);
      return Number(process.hrtime.bigint() - start);
    };
    const samples = { real: [] as number[], dummy: [] as number[] };
    for (let i = 0; i < 5; i++) {
      samples.real.push(await time(encoded));
      samples.dummy.push(await time(null));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    // A memory-hard hash dominates; a dummy path that skipped it would be 100x faster, not 3x.
    const ratio = median(samples.dummy) / median(samples.real);
    assert.ok(ratio > 0.33 && ratio < 3, `dummy/real time ratio ${ratio.toFixed(2)}`);
  });

  it("refuses invalid cost parameters", () => {
    assert.throws(() => new PasswordHasher({ N: 1000, r: 8, p: 1 }), RangeError);
    assert.throws(() => new PasswordHasher({ N: 1024, r: 0, p: 1 }), RangeError);
    assert.throws(() => new PasswordHasher({ N: 1024, r: 8, p: 1.5 }), RangeError);
  });
});
