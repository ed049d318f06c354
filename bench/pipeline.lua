-- Sends requests 8 at a time on each connection: far less work per request for wrk, so if the
-- server answers many more requests this way, the plain runs were limited by the server, not wrk.
init = function(args)
   local r = {}
   for i = 1, 8 do r[i] = wrk.format(nil, wrk.path) end
   req = table.concat(r)
end
request = function() return req end
