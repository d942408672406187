-- Claims a ground item: removes it from its map if it is still there. Exactly one caller ever gets 1.
-- With ARGV[3] (nowMs) it removes the item only if it has despawned by then.
-- KEYS: item hash, map's sorted set, map version, dirty ground items. ARGV: groundItemId, mapId, [nowMs].
if ARGV[3] then
  local despawnAt = redis.call("HGET", KEYS[1], "despawn_at")
  if not despawnAt or tonumber(despawnAt) > tonumber(ARGV[3]) then return 0 end
end
if redis.call("ZREM", KEYS[2], ARGV[1]) == 0 then return 0 end
redis.call("DEL", KEYS[1])
redis.call("INCR", KEYS[3])
redis.call("SADD", KEYS[4], ARGV[2])
return 1
