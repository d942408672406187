-- Loads a map's ground items from PostgreSQL once (unless Valkey already holds that map) and keeps the id
-- counter above every loaded id. KEYS: loaded maps set, map set, next id, then one hash key per item.
-- ARGV: mapId, maxId, then one JSON field list per item (same order as the item keys).
if tonumber(redis.call("GET", KEYS[3]) or "0") < tonumber(ARGV[2]) then redis.call("SET", KEYS[3], ARGV[2]) end
if redis.call("SISMEMBER", KEYS[1], ARGV[1]) == 1 then return 0 end
for i = 4, #KEYS do
  local fields = cjson.decode(ARGV[i - 1])
  redis.call("HSET", KEYS[i], unpack(fields))
  redis.call("SADD", KEYS[2], fields[2])
end
redis.call("SADD", KEYS[1], ARGV[1])
return 1
