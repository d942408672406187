-- Puts a sync run's drained ids back into the dirty sets (its write failed or it died), or, with
-- ARGV[3] == "done", just forgets them (its write succeeded). KEYS as in drainDirty.lua.
local n = tonumber(ARGV[2])
for i = 1, n do
  if ARGV[3] ~= "done" then
    redis.call("SUNIONSTORE", KEYS[i], KEYS[i], KEYS[n + i])
  end
  redis.call("DEL", KEYS[n + i])
end
return redis.call("ZREM", KEYS[2 * n + 1], ARGV[1])
