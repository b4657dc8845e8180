// Seeded random numbers for the Demo City: small, fast, and the same on every machine.

/** A uniform [0, 1) generator (sfc32 core), seeded by 32-bit words. */
export type Rng = () => number;

/** Mixes any number of integers (seed, district index, year, …) into one 32-bit seed. */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h = Math.imul(h ^ (p | 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    // fold in the high part of large (non-32-bit) integers too
    h = Math.imul(h ^ Math.floor(p / 4294967296), 0x27d4eb2f);
    h ^= h >>> 15;
  }
  return h >>> 0;
}

/** sfc32, seeded through mixSeed; warms up so that close seeds diverge at once. */
export function makeRng(...parts: number[]): Rng {
  let a = mixSeed(...parts, 1), b = mixSeed(...parts, 2), c = mixSeed(...parts, 3), d = 1;
  const next = (): number => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const r = (t + d) | 0;
    c = (c + r) | 0;
    return (r >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

export function randInt(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)];
}

/** Index drawn from unnormalized weights. */
export function pickWeighted(rng: Rng, weights: readonly number[]): number {
  let total = 0;
  for (const w of weights) total += w;
  let u = rng() * total;
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i];
    if (u < 0) return i;
  }
  return weights.length - 1;
}

export function normal(rng: Rng, mean = 0, sd = 1): number {
  const u = 1 - rng(), v = rng();
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Poisson draw; inversion for small means, normal approximation above 30. */
export function poisson(rng: Rng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return Math.max(0, Math.round(normal(rng, mean, Math.sqrt(mean))));
  const l = Math.exp(-mean);
  let k = 0, p = rng();
  while (p > l) { k++; p *= rng(); }
  return k;
}

/** Rounds x up or down at random so that the expected value is x. */
export function stochasticRound(rng: Rng, x: number): number {
  const f = Math.floor(x);
  return f + (rng() < x - f ? 1 : 0);
}
