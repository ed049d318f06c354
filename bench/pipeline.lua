-- Sends requests 8 at a time on each connection, so that wrk does an eighth of the work per
-- request and the server under test, not wrk, sets the figure (wrk's CPU share checks it).
init = function(args)
   local r = {}
   for i = 1, 8 do r[i] = wrk.format(nil, wrk.path) end
   req = table.concat(r)
end
request = function() return req end
