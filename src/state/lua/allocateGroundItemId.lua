-- A fresh ground item id, or false when the counter is missing (Valkey lost it): seed it first, so that no
-- id is ever handed out twice. With ARGV[1] (a floor: every id PostgreSQL has seen) it seeds instead: raises
-- the counter to at least that and returns false. KEYS: the id counter.
if ARGV[1] then
  local counter = redis.call("GET", KEYS[1])
  if not counter or tonumber(counter) < tonumber(ARGV[1]) then redis.call("SET", KEYS[1], ARGV[1]) end
  return false
end
if redis.call("EXISTS", KEYS[1]) == 0 then return false end
return redis.call("INCR", KEYS[1])
