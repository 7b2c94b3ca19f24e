// Times a synchronous operation: a warm-up, then `iterations` runs; mean and p99 in microseconds.
export function time(fn, { iterations, warmup = Math.min(200, iterations) }) {
  for (let i = 0; i < warmup; i++) fn(i);
  const samples = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    fn(i);
    samples[i] = performance.now() - t0;
  }
  samples.sort();
  let sum = 0;
  for (const s of samples) sum += s;
  const us = (ms) => Math.round(ms * 1000 * 10) / 10;
  return { meanUs: us(sum / iterations), p50Us: us(samples[iterations >> 1]), p99Us: us(samples[Math.floor(iterations * 0.99)]), iterations };
}
