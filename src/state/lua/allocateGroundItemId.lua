-- A fresh ground item id. With ARGV[1] (a floor: every id PostgreSQL has seen), first raises the counter to
-- at least that. Returns false when the counter is missing (Valkey lost it): seed it with a floor and ask
-- again, so that no id is ever handed out twice. KEYS: the id counter.
if ARGV[1] then
  local counter = redis.call("GET", KEYS[1])
  if not counter or tonumber(counter) < tonumber(ARGV[1]) then redis.call("SET", KEYS[1], ARGV[1]) end
end
if redis.call("EXISTS", KEYS[1]) == 0 then return false end
return redis.call("INCR", KEYS[1])
