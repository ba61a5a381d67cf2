-- wrk: the summary every measuring script of the benchmarks prints, and the scripts that parse
-- it read (headline.sh, create-uploads.sh, cluster.sh): the rate, the latency percentiles and
-- the errors. A script takes it with dofile("bench/wrk-summary.lua"), run from the repository's
-- root as the scripts are.
function done(summary, latency, requests)
  io.write(string.format("requests/s: %.0f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("latency p50: %.2f ms  p90: %.2f ms  p99: %.2f ms  p99.9: %.2f ms  max: %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000))
  io.write(string.format("errors: connect %d, read %d, write %d, timeout %d, non-2xx %d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout, summary.errors.status))
end
