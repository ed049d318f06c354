-- Each request asks a path of its own (wrk.path, then ?n=1, ?n=2 ...), so that none is cached;
-- with MIX set, every other request asks wrk.path itself (a cache hit).
local n = 0
local mix = os.getenv("MIX") ~= nil
request = function()
   n = n + 1
   if mix and n % 2 == 0 then return wrk.format(nil, wrk.path) end
   local modulo = tonumber(os.getenv("KEYS") or "0")
   local k = modulo > 0 and (n % modulo) or n
   return wrk.format(nil, wrk.path .. "?n=" .. k)
end
