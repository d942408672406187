-- Moves every dirty set into the sync run's inflight sets and registers the run, in one step. The players
-- in ARGV[5..] (a save asked for by a leave or a transfer) are taken as dirty in every player category.
-- KEYS[1..n]: dirty sets, the player categories first; KEYS[n+1..2n]: inflight sets; KEYS[2n+1]: runs zset.
-- ARGV: token, nowMs, n, number of player categories, then the player ids to save whatever their marks.
local n = tonumber(ARGV[3])
for i = 1, tonumber(ARGV[4]) do
  for j = 5, #ARGV do redis.call("SADD", KEYS[i], ARGV[j]) end
end
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
