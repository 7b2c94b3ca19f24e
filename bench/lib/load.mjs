// The load generator: autocannon on loopback, bounded in time (or count), one warm-up first.
import autocannon from "autocannon";

/**
 * { url, method, headers, body, setupRequest, connections, seconds, warmupSeconds } →
 * { rps, p50, p99 (ms), requests, non2xx, errors }.
 */
export async function measure(options) {
  const { warmupSeconds = 1, seconds = 3 } = options;
  if (warmupSeconds > 0) await run({ ...options, amount: undefined, seconds: warmupSeconds });
  return run(options);
}

function run({ url, method = "GET", headers = {}, body, setupRequest, connections = 10, seconds, amount }) {
  return new Promise((resolve, reject) => {
    const request = { method, headers, ...(body === undefined ? {} : { body }), ...(setupRequest === undefined ? {} : { setupRequest }) };
    autocannon(
      {
        url,
        connections,
        ...(amount === undefined ? { duration: seconds } : { amount }),
        timeout: 10,
        requests: [request],
      },
      (error, result) => {
        if (error) return reject(error);
        const elapsed = result.duration > 0 ? result.duration : seconds;
        resolve({
          rps: round(result.requests.total / elapsed),
          p50: result.latency.p50,
          p99: result.latency.p99,
          requests: result.requests.total,
          non2xx: result.non2xx,
          errors: result.errors + result.timeouts,
        });
      },
    );
  });
}

export function round(n, digits = 0) {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
