-- wrk script: GET /actuator/health/liveness, no token, no database: the least work the server's
-- HTTP stack (Tomcat, the filter chain, Spring MVC, JSON) does for any request. headline.sh
-- measures it on the same warmed server as the creates, as the ceiling no endpoint can pass on
-- this machine. Prints the same summary as create-upload.lua.
wrk.method = "GET"
wrk.path = "/actuator/health/liveness"

function done(summary, latency, requests)
  io.write(string.format("requests/s: %.0f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("latency p50: %.2f ms  p90: %.2f ms  p99: %.2f ms  p99.9: %.2f ms  max: %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000))
  io.write(string.format("errors: connect %d, read %d, write %d, timeout %d, non-2xx %d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout, summary.errors.status))
end
