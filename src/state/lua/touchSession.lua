-- Extends the session's lease (ARGV[2] = ttl ms) or ends it (ARGV[2] = "release"), only while
-- `ARGV[1]` is still the live session. Returns 1 when it was, 0 otherwise. KEYS: session hash.
if redis.call("HGET", KEYS[1], "id") ~= ARGV[1] then return 0 end
if ARGV[2] == "release" then redis.call("DEL", KEYS[1]) else redis.call("PEXPIRE", KEYS[1], ARGV[2]) end
return 1
