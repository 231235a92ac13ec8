// Walks the outer dimensions of an n-d loop one row at a time. The host collapses shapes so
// that each kernel's innermost dimension is a contiguous (or broadcast) row; this steps an
// odometer over the rest and keeps one element offset per operand.
//
// Layout (all i32): `shape[ndim]`, `strides[nops][ndim]` in elements, `index[ndim]` (zeroed by
// the host) and `offsets[nops]` (the operands' starting offsets).

/** Advances the odometer to the next row, updating every operand's offset. */
export function nextRow(ndim: i32, nops: i32, shape: usize, strides: usize, index: usize, offsets: usize): void {
  for (let d = ndim - 1; d >= 0; d--) {
    const at = index + (<usize>d << 2);
    const size = load<i32>(shape + (<usize>d << 2));
    const i = load<i32>(at) + 1;
    const carry = i >= size;
    store<i32>(at, carry ? 0 : i);
    for (let j = 0; j < nops; j++) {
      const stride = load<i32>(strides + (<usize>(j * ndim + d) << 2));
      const o = offsets + (<usize>j << 2);
      store<i32>(o, load<i32>(o) + (carry ? -stride * (size - 1) : stride));
    }
    if (!carry) return;
  }
}

/** The current element offset of operand `j`. */
@inline export function offsetOf(offsets: usize, j: i32): i32 {
  return load<i32>(offsets + (<usize>j << 2));
}
