// dKey and dValue of fused attention in WGSL: each thread owns a key row and walks tiles of
// query rows (Q, dO, and each row's log-sum-exp and D) staged in workgroup memory:
// dV = Pᵀ·dO, dK = scale · dSᵀ·Q. A kernel of its own, apart from dQuery, because WGSL has
// no float atomics: every output row is written by exactly one thread.
import type { Kernel } from '../../kernels.js';
import { attentionGeometry, type AttentionGeometry } from '../attention-geometry.js';
import { ATTENTION_GROUP, ATTENTION_PARAMS, attentionParams, attentionPrelude, maskFunction, tileRows } from './attention-common.wgsl.js';
import type { GpuHandle } from './buffer-pool.js';
import type { GpuRuntime } from './runtime.js';
import { SCALAR_MATH } from './scalar-math.wgsl.js';
import { entryPoint, read, shader, write } from './wgsl.js';

function keyValueGradShader(g: AttentionGeometry, tile: number, hasMask: boolean) {
  const bindings = [
    read('qs', 'f32'), read('ks', 'f32'), read('vs', 'f32'), read('outs', 'f32'), read('grads', 'f32'),
    ...(hasMask ? [read('mask', 'f32')] : []), write('dkvs', 'f32'),
  ];
  return shader(`attentionKeyValueGrad:${g.depth}:${g.valueDepth}:${tile}:${hasMask}`, bindings, () => `${SCALAR_MATH}
${attentionPrelude(g, tile)}
var<workgroup> qt: array<f32, ${tile * Math.max(1, g.depth)}>;
var<workgroup> gt: array<f32, ${tile * Math.max(1, g.valueDepth)}>;
var<workgroup> lset: array<f32, ${tile}>;
var<workgroup> deltat: array<f32, ${tile}>;
${maskFunction(hasMask)}
${entryPoint(`${ATTENTION_PARAMS}
  let j = first + lid;
  let valid = j < S;
  let key = b * S + j;
  var krow: array<f32, E1>;
  var vrow: array<f32, EV1>;
  if (valid) {
    for (var e = 0u; e < E; e++) { krow[e] = ks[key * E + e]; }
    for (var c2 = 0u; c2 < EV; c2++) { vrow[c2] = vs[key * EV + c2]; }
  }
  var dk: array<f32, E1>;
  var dv: array<f32, EV1>;
  // With causal, the workgroup's first key is seen from that query on (uniform).
  let start = select(0u, first, causal);
  for (var i0 = start; i0 < L; i0 += TILE) {
    for (var t = lid; t < TILE * E; t += GROUP) {
      let i = i0 + t / E;
      if (i < L) { qt[t] = qs[(b * L + i) * E + t % E]; }
    }
    for (var t = lid; t < TILE * EV; t += GROUP) {
      let i = i0 + t / EV;
      if (i < L) { gt[t] = grads[(b * L + i) * (EV + 1u) + t % EV]; }
    }
    for (var t = lid; t < TILE; t += GROUP) {
      let i = i0 + t;
      var lse = -f_inf();
      var delta = 0.0;
      if (i < L) {
        let packed = (b * L + i) * (EV + 1u);
        for (var c2 = 0u; c2 < EV; c2++) { delta += grads[packed + c2] * outs[packed + c2]; }
        delta -= grads[packed + EV];
        lse = outs[packed + EV];
      }
      lset[t] = lse;
      deltat[t] = delta;
    }
    workgroupBarrier();
    if (valid) {
      for (var c = 0u; c < TILE; c++) {
        let i = i0 + c;
        // Past the last query, before the key (causal), and fully masked rows add nothing.
        if (i < L && (!causal || j <= i) && lset[c] != -f_inf()) {
          var d = 0.0;
          for (var e = 0u; e < E; e++) { d += qt[c * E + e] * krow[e]; }
          let p = exp_f(scale * d + mask_at(b, i, j) - lset[c]);
          var dp = 0.0;
          for (var c2 = 0u; c2 < EV; c2++) { dp += gt[c * EV + c2] * vrow[c2]; }
          let ds = p * (dp - deltat[c]) * scale;
          for (var c2 = 0u; c2 < EV; c2++) { dv[c2] += p * gt[c * EV + c2]; }
          for (var e = 0u; e < E; e++) { dk[e] += ds * qt[c * E + e]; }
        }
      }
    }
    workgroupBarrier();
  }
  if (valid) {
    let o = key * (E + EV);
    for (var e = 0u; e < E; e++) { dkvs[o + e] = dk[e]; }
    for (var c2 = 0u; c2 < EV; c2++) { dkvs[o + E + c2] = dv[c2]; }
  }`, ATTENTION_GROUP)}`);
}

/** `[B, S, E + Ev]`: the gradients of `attention` with respect to its key and value. */
export function attentionKeyValueGradKernel(rt: GpuRuntime): Kernel<'attentionKeyValueGrad', GpuHandle> {
  return ([query, key, value, out, gradOut, mask], attrs) => {
    const g = attentionGeometry(query, key, value, mask);
    const tile = tileRows(g.depth + g.valueDepth + 2, g);
    const params = attentionParams(g, attrs, g.keys);
    const grads = rt.output(g.batch * g.keys * (g.depth + g.valueDepth));
    const buffers = [query.handle, key.handle, value.handle, out.handle, gradOut.handle, ...(mask ? [mask.handle] : []), grads];
    rt.run(keyValueGradShader(g, tile, mask !== undefined), buffers, params, g.batch * params[10]);
    return grads;
  };
}
