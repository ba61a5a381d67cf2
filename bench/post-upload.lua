-- wrk script: POST /v1/uploads with the bearer token from $TOKEN.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.body = '{"filename":"bench.jpg","contentType":"image/jpeg","size":2481234}'

local statuses = {}
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

done = function(summary, latency, requests)
  for status, n in pairs(statuses) do
    io.write(string.format("  status %d: %d\n", status, n))
  end
end
