-- Loads a map's ground items from PostgreSQL once (unless Valkey already holds that map), keeps the id
-- counter above every id PostgreSQL has seen and the map's version at least at the saved one (else the
-- version fence would refuse every save of the map after a loss). If items landed on the map before it was
-- loaded, the map is left dirty with a version above the saved one, so that the union is saved.
-- Refused (-1, nothing written) when Valkey's epoch is not the one the items were read in (see loadPlayer.lua).
-- KEYS: loaded maps set, map's sorted set (by despawn time), next id, map version, dirty ground items, epoch marker, then one hash key
-- per item. ARGV: mapId, id floor, saved version, epoch, then one JSON field list per item (same order).
if redis.call("GET", KEYS[6]) ~= ARGV[4] then return -1 end
local counter = redis.call("GET", KEYS[3])
if not counter or tonumber(counter) < tonumber(ARGV[2]) then redis.call("SET", KEYS[3], ARGV[2]) end
if redis.call("SISMEMBER", KEYS[1], ARGV[1]) == 1 then return 0 end
local landed = redis.call("ZCARD", KEYS[2]) > 0
for i = 7, #KEYS do
  local fields = cjson.decode(ARGV[i - 2])
  redis.call("HSET", KEYS[i], unpack(fields))
  local despawnAt
  for f = 1, #fields, 2 do if fields[f] == "despawn_at" then despawnAt = fields[f + 1] end end
  redis.call("ZADD", KEYS[2], despawnAt, fields[2])
end
local version = math.max(tonumber(redis.call("GET", KEYS[4]) or "0"), tonumber(ARGV[3]))
if landed then
  version = version + 1
  redis.call("SADD", KEYS[5], ARGV[1])
end
redis.call("SET", KEYS[4], string.format("%.0f", version))
redis.call("SADD", KEYS[1], ARGV[1])
return 1
