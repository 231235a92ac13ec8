// The fused attention forward pass in WGSL (flash-attention style): a workgroup of 64 query
// rows stages tiles of K and V rows in workgroup memory; each thread keeps its row's running
// maximum, running sum and unnormalised output, so no score matrix is ever stored.
import type { Kernel } from '../../kernels.js';
import { attentionGeometry, type AttentionGeometry } from '../attention-geometry.js';
import { ATTENTION_GROUP, ATTENTION_PARAMS, attentionParams, attentionPrelude, keyValueTiles, maskFunction, STAGE_KEY_VALUE_TILE, tileRows } from './attention-common.wgsl.js';
import type { GpuHandle } from './buffer-pool.js';
import type { GpuRuntime } from './runtime.js';
import { SCALAR_MATH } from './scalar-math.wgsl.js';
import { entryPoint, read, shader, write } from './wgsl.js';

function forwardShader(g: AttentionGeometry, tile: number, hasMask: boolean) {
  const bindings = [read('qs', 'f32'), read('ks', 'f32'), read('vs', 'f32'), ...(hasMask ? [read('mask', 'f32')] : []), write('outs', 'f32')];
  return shader(`attention:${g.depth}:${g.valueDepth}:${tile}:${hasMask}`, bindings, () => `${SCALAR_MATH}
${attentionPrelude(g, tile)}
${keyValueTiles(g, tile)}
${maskFunction(hasMask)}
${entryPoint(`${ATTENTION_PARAMS}
  let i = first + lid;
  let valid = i < L;
  let row = b * L + i;
  var qrow: array<f32, E1>;
  if (valid) { for (var e = 0u; e < E; e++) { qrow[e] = qs[row * E + e]; } }
  var acc: array<f32, EV1>;
  var m = -f_inf();
  var l = 0.0;
  let row_end = select(S, min(S, i + 1u), causal);
  // The keys some row of the workgroup sees (uniform, so the barriers below are too).
  let end = select(S, min(S, first + GROUP), causal);
  for (var j0 = 0u; j0 < end; j0 += TILE) {${STAGE_KEY_VALUE_TILE}
    if (valid) {
      var sc: array<f32, TILE>;
      var tile_max = -f_inf();
      for (var c = 0u; c < TILE; c++) {
        let j = j0 + c;
        var s = -f_inf();
        if (j < row_end) {
          var d = 0.0;
          for (var e = 0u; e < E; e++) { d += qrow[e] * kt[c * E + e]; }
          s = scale * d + mask_at(b, i, j);
        }
        sc[c] = s;
        tile_max = max_nan(tile_max, s);
      }
      let next = max_nan(m, tile_max);
      // Until a row sees a finite score it has no weight to rescale (and −∞ − −∞ is NaN).
      if (next != -f_inf()) {
        let rescale = exp_f(m - next);
        l = l * rescale;
        for (var c2 = 0u; c2 < EV; c2++) { acc[c2] = acc[c2] * rescale; }
        for (var c = 0u; c < TILE; c++) {
          let p = exp_f(sc[c] - next);
          if (p != 0.0) {
            l += p;
            for (var c2 = 0u; c2 < EV; c2++) { acc[c2] += p * vt[c * EV + c2]; }
          }
        }
        m = next;
      }
    }
    workgroupBarrier();
  }
  if (valid) {
    let o = row * (EV + 1u);
    let dead = m == -f_inf();
    for (var c2 = 0u; c2 < EV; c2++) { outs[o + c2] = select(acc[c2] / l, 0.0, dead); }
    outs[o + EV] = select(m + log_f(l), -f_inf(), dead);
  }`, ATTENTION_GROUP)}`);
}

/** `[B, L, Ev + 1]`: the attention output and each row's log-sum-exp (see `attention` in kernels.ts). */
export function attentionKernel(rt: GpuRuntime): Kernel<'attention', GpuHandle> {
  return ([query, key, value, mask], attrs) => {
    const g = attentionGeometry(query, key, value, mask);
    const tile = tileRows(g.depth + g.valueDepth, g);
    const params = attentionParams(g, attrs, g.queries);
    const out = rt.output(g.batch * g.queries * (g.valueDepth + 1));
    const buffers = [query.handle, key.handle, value.handle, ...(mask ? [mask.handle] : []), out];
    rt.run(forwardShader(g, tile, mask !== undefined), buffers, params, g.batch * params[10]);
    return out;
  };
}
