// Times an operation: a warm-up, then `iterations` runs; mean, p50 and p99 in microseconds.
export function time(fn, { iterations, warmup = Math.min(200, iterations) }) {
  for (let i = 0; i < warmup; i++) fn(i);
  const samples = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    fn(i);
    samples[i] = performance.now() - t0;
  }
  return summary(samples);
}

/** The same for an asynchronous operation, one at a time (its latency, not a throughput). */
export async function timeAsync(fn, { iterations, warmup = Math.min(200, iterations) }) {
  for (let i = 0; i < warmup; i++) await fn(i);
  const samples = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await fn(i);
    samples[i] = performance.now() - t0;
  }
  return summary(samples);
}

function summary(samples) {
  samples.sort();
  let sum = 0;
  for (const s of samples) sum += s;
  const us = (ms) => Math.round(ms * 1000 * 10) / 10;
  const n = samples.length;
  return { meanUs: us(sum / n), p50Us: us(samples[n >> 1]), p99Us: us(samples[Math.floor(n * 0.99)]), iterations: n };
}
