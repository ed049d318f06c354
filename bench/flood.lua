-- Each request asks wrk.path with a query string of its own (?v=<FLOOD>-1, -2 ...), never seen
-- before by the server as long as FLOOD differs from one run to the next; with POPULAR=n set,
-- it asks ?p=0 ... ?p=<n-1> in turn instead: pages read again and again.
local n = 0
local flood = os.getenv("FLOOD") or "0"
local popular = tonumber(os.getenv("POPULAR") or "0")
request = function()
   n = n + 1
   if popular > 0 then return wrk.format(nil, wrk.path .. "?p=" .. (n % popular)) end
   return wrk.format(nil, wrk.path .. "?v=" .. flood .. "-" .. n)
end
