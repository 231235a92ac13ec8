// What the LSTM gate shaders (forward and backward) share: one thread per hidden unit j of a
// row b, and that unit's four gate activations from its pre-activations i|f|g|o.

/** WGSL inside the entry point: `b`, `j`, `H` and the activations `i`, `f`, `g`, `o`. */
export const LSTM_UNIT_ACTIVATIONS = `
  let H = pu(1u);
  if (gid >= pu(0u) * H) { return; }
  let b = gid / H;
  let j = gid % H;
  let at = b * 4u * H + j;
  let i = sigmoid_f(gates[at]);
  let f = sigmoid_f(gates[at + H]);
  let g = tanh_f(gates[at + 2u * H]);
  let o = sigmoid_f(gates[at + 3u * H]);`;
