-- Applies a StateTransaction atomically: every guard is checked first; if one fails nothing is written.
-- ARGV[1]: JSON {g = guards, o = ops}; key indexes refer to KEYS (1-based).
-- Guards: {"eq", k, field, value} (HGET must equal value; a missing hash fails) | {"exists", k} | {"absent", k}
--         | {"is", k, value} (GET must equal value: the epoch marker).
-- Ops: {"hset", k, field, value, ...} | {"hdel", k, field, ...} | {"hincr", k, field, n}
--      | {"sadd", k, member} | {"srem", k, member} | {"zadd", k, score, member} | {"zrem", k, member}
--      | {"del", k} | {"incr", k}
--      | {"gnew", counter, itemKeyBase, mapSortedSet, despawnAt, field, value, ...} (a new ground item under
--        the next id of the counter: the one op that builds a key, because the id is only known here).
--      | {"zver", k, playerKey, member, ...} (ZADD each member scored by the player's version as it is now).
-- Returns {1, new ground item ids...} when applied, {0, i} when guard i failed.
local tx = cjson.decode(ARGV[1])
for i, g in ipairs(tx.g) do
  if g[1] == "eq" then
    if redis.call("HGET", KEYS[g[2]], g[3]) ~= g[4] then return {0, i} end
  elseif g[1] == "exists" then
    if redis.call("EXISTS", KEYS[g[2]]) == 0 then return {0, i} end
  elseif g[1] == "absent" then
    if redis.call("EXISTS", KEYS[g[2]]) == 1 then return {0, i} end
  elseif g[1] == "is" then
    if redis.call("GET", KEYS[g[2]]) ~= g[3] then return {0, i} end
  else
    return redis.error_reply("unknown guard " .. tostring(g[1]))
  end
end
local created = {}
for _, o in ipairs(tx.o) do
  local op, key = o[1], KEYS[o[2]]
  if op == "hset" or op == "hdel" then
    redis.call(op == "hset" and "HSET" or "HDEL", key, unpack(o, 3))
  elseif op == "hincr" then
    redis.call("HINCRBY", key, o[3], o[4])
  elseif op == "sadd" then
    redis.call("SADD", key, o[3])
  elseif op == "srem" then
    redis.call("SREM", key, o[3])
  elseif op == "zadd" then
    redis.call("ZADD", key, o[3], o[4])
  elseif op == "zrem" then
    redis.call("ZREM", key, o[3])
  elseif op == "del" then
    redis.call("DEL", key)
  elseif op == "incr" then
    redis.call("INCR", key)
  elseif op == "gnew" then
    local id = redis.call("INCR", key)
    redis.call("HSET", KEYS[o[3]] .. id, "id", id, unpack(o, 6))
    redis.call("ZADD", KEYS[o[4]], o[5], id)
    created[#created + 1] = id
  elseif op == "zver" then
    local version = redis.call("HGET", KEYS[o[3]], "version")
    for i = 4, #o do redis.call("ZADD", key, version, o[i]) end
  else
    return redis.error_reply("unknown op " .. tostring(op))
  end
end
return {1, unpack(created)}
