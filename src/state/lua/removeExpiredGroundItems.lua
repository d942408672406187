-- Removes every ground item of a map whose despawn time has come, reading only those (the map's sorted set
-- is scored by despawn time). Atomic against pickups: a removed item's hash is gone, so a pickup's guard
-- refuses it. Builds item keys from KEYS[4] (as snapshotForSync.lua and commit.lua do), because
-- the ids due are only known inside it.
-- KEYS: map's sorted set, map version, dirty ground items, item key base. ARGV: mapId, nowMs.
-- Returns the items removed, each as HGETALL gives it.
local due = redis.call("ZRANGEBYSCORE", KEYS[1], "-inf", ARGV[2])
if #due == 0 then return {} end
local removed = {}
for _, id in ipairs(due) do
  removed[#removed + 1] = redis.call("HGETALL", KEYS[4] .. id)
  redis.call("DEL", KEYS[4] .. id)
  redis.call("ZREM", KEYS[1], id)
end
redis.call("INCR", KEYS[2])
redis.call("SADD", KEYS[3], ARGV[1])
return removed
