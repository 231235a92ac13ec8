// The seeded generator behind rand, randn, randint and dropout. Numbers are drawn on the
// host and uploaded, so one seed gives the same values on every backend.

// xoshiro128** state, seeded through splitmix32 so that nearby seeds give unrelated streams.
const state = new Uint32Array(4);

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * Seeds the generator used by rand, randn, randint and dropout.
 * @example manualSeed(0); const a = rand([2]); manualSeed(0); rand([2]); // same values as a
 */
export function manualSeed(seed: number): void {
  const next = splitmix32(Math.floor(seed) ^ Math.floor(seed / 2 ** 32));
  for (let i = 0; i < 4; i++) state[i] = next();
}
manualSeed(0x5eed);

function nextUint32(): number {
  const result = Math.imul(rotl(Math.imul(state[1], 5), 7), 9) >>> 0;
  const t = state[1] << 9;
  state[2] ^= state[0];
  state[3] ^= state[1];
  state[1] ^= state[2];
  state[0] ^= state[3];
  state[2] ^= t;
  state[3] = rotl(state[3], 11);
  return result;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A uniform double in [0, 1) with 53 random bits. */
export function uniform(): number {
  const hi = nextUint32() >>> 5;
  const lo = nextUint32() >>> 6;
  return (hi * 67108864 + lo) / 9007199254740992;
}

/** `size` uniform floats in [0, 1). */
export function uniformArray(size: number): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    // NOTE: rounding to float32 can turn 1 - 2^-53 into 1; redraw to keep [0, 1).
    let v = uniform();
    while (Math.fround(v) >= 1) v = uniform();
    out[i] = v;
  }
  return out;
}

/** `size` standard normal floats (Box–Muller on 53-bit uniforms). */
export function normalArray(size: number): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i += 2) {
    const u1 = 1 - uniform(); // (0, 1]: log stays finite
    const u2 = uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    out[i] = r * Math.cos(2 * Math.PI * u2);
    if (i + 1 < size) out[i + 1] = r * Math.sin(2 * Math.PI * u2);
  }
  return out;
}

/** `size` integers uniform in [low, high). */
export function integerArray(low: number, high: number, size: number): Int32Array {
  const out = new Int32Array(size);
  const span = high - low;
  for (let i = 0; i < size; i++) out[i] = low + Math.floor(uniform() * span);
  return out;
}
