-- Extends the session's lease (ARGV[2] = ttl ms) or ends it (ARGV[2] = "release"), only while `ARGV[1]` is
-- still the live session. Returns 1 when it was, 0 when another session holds the lease, -1 when there is
-- no lease at all (it expired, or Valkey lost it). KEYS: session hash.
local live = redis.call("HGET", KEYS[1], "id")
if not live then return -1 end
if live ~= ARGV[1] then return 0 end
if ARGV[2] == "release" then redis.call("DEL", KEYS[1]) else redis.call("PEXPIRE", KEYS[1], ARGV[2]) end
return 1
