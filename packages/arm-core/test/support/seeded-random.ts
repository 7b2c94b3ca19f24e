/** A seeded generator of numbers in [0, 1): the randomized store tests replay the same interleaving on every run. */
export function seededRandom(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}
