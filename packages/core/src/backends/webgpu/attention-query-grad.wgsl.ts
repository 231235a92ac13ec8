// dQuery of fused attention in WGSL: each thread owns a query row and walks tiles of K and V
// staged in workgroup memory, recomputing P = exp(S − lse) from the saved log-sum-exp;
// dS = P ⊙ (dO·Vᵀ − D), dQ = scale · dS·K. Each thread writes only its own row (no atomics).
import type { Kernel } from '../../kernels.js';
import { attentionGeometry, type AttentionGeometry } from '../attention-geometry.js';
import { ATTENTION_GROUP, ATTENTION_PARAMS, attentionParams, attentionPrelude, keyValueTiles, maskFunction, STAGE_KEY_VALUE_TILE, tileRows } from './attention-common.wgsl.js';
import type { GpuHandle } from './buffer-pool.js';
import type { GpuRuntime } from './runtime.js';
import { SCALAR_MATH } from './scalar-math.wgsl.js';
import { entryPoint, read, shader, write } from './wgsl.js';

function queryGradShader(g: AttentionGeometry, tile: number, hasMask: boolean) {
  const bindings = [
    read('qs', 'f32'), read('ks', 'f32'), read('vs', 'f32'), read('outs', 'f32'), read('grads', 'f32'),
    ...(hasMask ? [read('mask', 'f32')] : []), write('dqs', 'f32'),
  ];
  return shader(`attentionQueryGrad:${g.depth}:${g.valueDepth}:${tile}:${hasMask}`, bindings, () => `${SCALAR_MATH}
${attentionPrelude(g, tile)}
${keyValueTiles(g, tile)}
${maskFunction(hasMask)}
${entryPoint(`${ATTENTION_PARAMS}
  let i = first + lid;
  let valid = i < L;
  let row = b * L + i;
  let packed = row * (EV + 1u);
  var qrow: array<f32, E1>;
  var grow: array<f32, EV1>;
  var lse = -f_inf();
  var delta = 0.0;
  if (valid) {
    for (var e = 0u; e < E; e++) { qrow[e] = qs[row * E + e]; }
    for (var c2 = 0u; c2 < EV; c2++) {
      grow[c2] = grads[packed + c2];
      delta += grow[c2] * outs[packed + c2];
    }
    // D also carries the log-sum-exp's own gradient: dS = P ⊙ (dP − D + dlse).
    delta -= grads[packed + EV];
    lse = outs[packed + EV];
  }
  // A fully masked row has P = 0 throughout.
  let live = valid && lse != -f_inf();
  var dq: array<f32, E1>;
  let row_end = select(S, min(S, i + 1u), causal);
  let end = select(S, min(S, first + GROUP), causal);
  for (var j0 = 0u; j0 < end; j0 += TILE) {${STAGE_KEY_VALUE_TILE}
    if (live) {
      for (var c = 0u; c < TILE; c++) {
        let j = j0 + c;
        if (j < row_end) {
          var d = 0.0;
          for (var e = 0u; e < E; e++) { d += qrow[e] * kt[c * E + e]; }
          let p = exp_f(scale * d + mask_at(b, i, j) - lse);
          var dp = 0.0;
          for (var c2 = 0u; c2 < EV; c2++) { dp += grow[c2] * vt[c * EV + c2]; }
          let ds = p * (dp - delta) * scale;
          if (ds != 0.0) {
            for (var e = 0u; e < E; e++) { dq[e] += ds * kt[c * E + e]; }
          }
        }
      }
    }
    workgroupBarrier();
  }
  if (valid) { for (var e = 0u; e < E; e++) { dqs[row * E + e] = dq[e]; } }`, ATTENTION_GROUP)}`);
}

/** `[B, L, E]`: the gradient of `attention` with respect to its query. */
export function attentionQueryGradKernel(rt: GpuRuntime): Kernel<'attentionQueryGrad', GpuHandle> {
  return ([query, key, value, out, gradOut, mask], attrs) => {
    const g = attentionGeometry(query, key, value, mask);
    const tile = tileRows(g.depth + g.valueDepth, g);
    const params = attentionParams(g, attrs, g.queries);
    const dq = rt.output(g.batch * g.queries * g.depth);
    const buffers = [query.handle, key.handle, value.handle, out.handle, gradOut.handle, ...(mask ? [mask.handle] : []), dq];
    rt.run(queryGradShader(g, tile, mask !== undefined), buffers, params, g.batch * params[10]);
    return dq;
  };
}
