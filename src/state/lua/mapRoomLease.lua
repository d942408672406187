-- The lease of a map's one room (KEYS[1] holds the room id). ARGV: mode ("claim" or "release"), roomId,
-- ttlMs, and for "claim" a holder that may be replaced ("" for none).
-- claim: takes or extends the lease when it is free, held by roomId, or held by the replaceable holder;
--   returns {1}, or {0, holder, remaining ms} when another room holds it.
-- release: deletes the lease only while roomId holds it; returns {1} or {0}.
local holder = redis.call("GET", KEYS[1])
if ARGV[1] == "release" then
  if holder == ARGV[2] then
    redis.call("DEL", KEYS[1])
    return {1}
  end
  return {0}
end
if not holder or holder == ARGV[2] or (ARGV[4] ~= "" and holder == ARGV[4]) then
  redis.call("SET", KEYS[1], ARGV[2], "PX", ARGV[3])
  return {1}
end
return {0, holder, redis.call("PTTL", KEYS[1])}
