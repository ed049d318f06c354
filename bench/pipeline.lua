-- Sends requests 8 at a time on each connection, so that wrk does an eighth of the work per
-- request. What raw Bun.serve answers this way shows, for scale, how far the server can go when
-- the load generator costs almost nothing; wrk's CPU share in the plain runs is the real check.
init = function(args)
   local r = {}
   for i = 1, 8 do r[i] = wrk.format(nil, wrk.path) end
   req = table.concat(r)
end
request = function() return req end
