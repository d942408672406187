-- Makes `sessionId` the one live session of a player and returns its fencing token and the session it
-- replaced, if any, and the account's latest token revocation (read in the same step, for the join's
-- check: see RoomPlayers.join). Tokens come from one counter for every player and never go backwards, also after Valkey
-- lost its data: each is above the last one and above Valkey's clock in microseconds.
-- KEYS: session hash, fence counter, token revocation. ARGV: sessionId, owner, ttlMs.
local now = redis.call("TIME")
local token = math.max(tonumber(redis.call("GET", KEYS[2]) or "0") + 1, tonumber(now[1]) * 1000000 + tonumber(now[2]))
redis.call("SET", KEYS[2], string.format("%.0f", token))
local previous = redis.call("HMGET", KEYS[1], "id", "owner", "token")
redis.call("DEL", KEYS[1])
redis.call("HSET", KEYS[1], "id", ARGV[1], "owner", ARGV[2], "token", string.format("%.0f", token))
redis.call("PEXPIRE", KEYS[1], ARGV[3])
return {string.format("%.0f", token), previous[1] or false, previous[2] or false, redis.call("GET", KEYS[3])}
