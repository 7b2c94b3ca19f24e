// The load generator: autocannon on loopback, bounded in time (or count), one warm-up first.
import { readFileSync } from "node:fs";
import autocannon from "autocannon";

/** CPU time (user + system, every thread) a process has used so far, in ms; undefined off Linux. */
export function processCpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** Resident memory of a process, in MB; undefined off Linux. */
export function processRssMb(pid) {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb === undefined ? undefined : Math.round(Number(kb) / 1024);
  } catch {
    return undefined;
  }
}

/**
 * { url, method, headers, body, setupRequest, connections, seconds, warmupSeconds } →
 * { rps, p50, p99 (ms), requests, non2xx, errors }.
 */
export async function measure(options) {
  const { warmupSeconds = 1, seconds = 3 } = options;
  if (warmupSeconds > 0) await run({ ...options, amount: undefined, seconds: warmupSeconds });
  // With the server's pid: its CPU time per request too (load-independent, unlike req/s).
  const cpuBefore = options.pid === undefined ? undefined : processCpuMs(options.pid);
  const result = await run(options);
  const cpuAfter = options.pid === undefined ? undefined : processCpuMs(options.pid);
  if (cpuBefore !== undefined && cpuAfter !== undefined && result.requests > 0) result.cpuMsPerRequest = round((cpuAfter - cpuBefore) / result.requests, 3);
  return result;
}

function run({ url, method = "GET", headers = {}, body, setupRequest, connections = 10, seconds, amount }) {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    let lastAnswerAt = startedAt;
    const request = { method, headers, ...(body === undefined ? {} : { body }), ...(setupRequest === undefined ? {} : { setupRequest }) };
    const instance = autocannon(
      {
        url,
        connections,
        ...(amount === undefined ? { duration: seconds } : { amount }),
        timeout: 10,
        requests: [request],
      },
      (error, result) => {
        if (error) return reject(error);
        // Wall time to the last answer: autocannon's own `duration` is rounded to whole seconds,
        // and a run bounded by count only ends on its next one-second tick.
        const elapsed = ((amount === undefined ? performance.now() : lastAnswerAt) - startedAt) / 1000;
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
    instance.on("response", () => {
      lastAnswerAt = performance.now();
    });
  });
}

export function round(n, digits = 0) {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
