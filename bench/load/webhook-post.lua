-- wrk request: a small JSON body to the Webhook → Set → Respond workflow.
wrk.method = "POST"
wrk.body = '{"name":"Ada","amount":42}'
wrk.headers["Content-Type"] = "application/json"

done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_s=%.2f rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f errors_status=%d errors_connect=%d errors_read=%d errors_timeout=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    summary.errors.status, summary.errors.connect, summary.errors.read, summary.errors.timeout))
end
