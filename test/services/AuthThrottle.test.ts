import assert from "node:assert/strict";
import { throttleAddress } from "../../src/services/AuthThrottle.js";

describe("throttleAddress", () => {
  it("counts IPv4 as it is, also when written as IPv4-mapped IPv6", () => {
    assert.equal(throttleAddress("203.0.113.9"), "203.0.113.9");
    assert.equal(throttleAddress("::ffff:203.0.113.9"), "203.0.113.9");
    assert.equal(throttleAddress("::FFFF:203.0.113.9"), "203.0.113.9");
  });

  it("counts IPv6 by its /64 network, however it is written", () => {
    const network = "2001:db8:1:2::/64";
    for (const address of ["2001:db8:1:2::1", "2001:0db8:0001:0002:ffff:ffff:ffff:ffff", "2001:DB8:1:2:a::b", "2001:db8:1:2::1%eth0"]) {
      assert.equal(throttleAddress(address), network, address);
    }
    assert.equal(throttleAddress("2001:db8:1:3::1"), "2001:db8:1:3::/64");
    assert.equal(throttleAddress("::1"), "0:0:0:0::/64");
    assert.equal(throttleAddress("64:ff9b::192.0.2.1"), "64:ff9b:0:0::/64");
  });

  it("leaves anything else unchanged", () => {
    assert.equal(throttleAddress("unknown"), "unknown");
  });
});
