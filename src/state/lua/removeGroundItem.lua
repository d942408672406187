-- Claims a ground item: removes it from its map if it is still there. Exactly one caller ever gets 1.
-- KEYS: item hash, map's sorted set, map version, dirty ground items. ARGV: groundItemId, mapId.
if redis.call("ZREM", KEYS[2], ARGV[1]) == 0 then return 0 end
redis.call("DEL", KEYS[1])
redis.call("INCR", KEYS[3])
redis.call("SADD", KEYS[4], ARGV[2])
return 1
