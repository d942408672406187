-- Makes `sessionId` the one live session of a player and returns its fencing token (strictly increasing
-- per player) and the session it replaced, if any. KEYS: session hash, fence counter.
-- ARGV: sessionId, owner, ttlMs.
local token = redis.call("INCR", KEYS[2])
local previous = redis.call("HMGET", KEYS[1], "id", "owner", "token")
redis.call("DEL", KEYS[1])
redis.call("HSET", KEYS[1], "id", ARGV[1], "owner", ARGV[2], "token", token)
redis.call("PEXPIRE", KEYS[1], ARGV[3])
return {token, previous[1] or false, previous[2] or false}
