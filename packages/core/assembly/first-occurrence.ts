// Groups repeated indices in time linear in their number: an open-addressing hash table
// (in scratch memory the host provides) maps each value to the first position holding it.

/** Bytes of scratch `firstOccurrence` needs for `n` indices: two words per slot. */
export function firstOccurrenceScratchBytes(n: i32): i32 {
  return slotsFor(n) << 3;
}

function slotsFor(n: i32): i32 {
  // A power of two at least twice n keeps probe runs short.
  return 1 << (32 - clz<i32>(max(2 * n, 2) - 1));
}

/** `out[k]` = the first position of `index` holding `index[k]`'s value. */
export function firstOccurrence(index: usize, out: usize, n: i32, scratch: usize): void {
  const slots = slotsFor(n);
  const mask = slots - 1;
  const shift = 32 - ctz<i32>(slots);
  // Each slot: the value (word 0) and its first position (word 1), -1 while empty.
  for (let s = 0; s < slots; s++) store<i32>(scratch + (<usize>s << 3), -1, 4);
  for (let k = 0; k < n; k++) {
    const v = load<i32>(index + (<usize>k << 2));
    let s = <i32>((<u32>v * 0x9e3779b1) >>> <u32>shift);
    while (true) {
      const slot = scratch + (<usize>s << 3);
      const first = load<i32>(slot, 4);
      if (first < 0) {
        store<i32>(slot, v);
        store<i32>(slot, k, 4);
        store<i32>(out + (<usize>k << 2), k);
        break;
      }
      if (load<i32>(slot) == v) {
        store<i32>(out + (<usize>k << 2), first);
        break;
      }
      s = (s + 1) & mask;
    }
  }
}
