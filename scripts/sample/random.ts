/**
 * Deterministic pseudo-random numbers for the illustrative sample data: the same key always
 * gives the same value, so regenerating a sample changes nothing unless the generator changes.
 */
export function hashSeed(key: string): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** A uniform number in [0, 1) for a key (mulberry32 on the FNV-1a hash of the key). */
export function uniform(key: string): number {
  let t = (hashSeed(key) + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** An approximately normal number (mean 0, sd 1) for a key. */
export function normal(key: string): number {
  return (uniform(`${key}#1`) + uniform(`${key}#2`) + uniform(`${key}#3`) + uniform(`${key}#4`) - 2) * Math.sqrt(3);
}
