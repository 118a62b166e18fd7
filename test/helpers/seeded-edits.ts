// Shared by the random-edit tests: a seeded generator, so a failing edit sequence is the same on every run, and a
// rendering of facts or findings in which Maps and Sets compare by content.

/** A small seeded generator (mulberry32). */
export function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const render = (x: unknown): string => JSON.stringify(x, (_k, v) => (v instanceof Map ? [...v].sort() : v instanceof Set ? [...v].sort() : v));
