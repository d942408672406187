-- Moves every dirty set into the sync run's inflight sets and registers the run, in one step.
-- KEYS[1..n]: dirty sets; KEYS[n+1..2n]: inflight sets; KEYS[2n+1]: runs zset. ARGV: token, nowMs, n.
local n = tonumber(ARGV[3])
local drained = {}
for i = 1, n do
  local members = redis.call("SMEMBERS", KEYS[i])
  if #members > 0 then
    redis.call("SUNIONSTORE", KEYS[n + i], KEYS[n + i], KEYS[i])
    redis.call("DEL", KEYS[i])
  end
  drained[i] = members
end
redis.call("ZADD", KEYS[2 * n + 1], ARGV[2], ARGV[1])
return drained
