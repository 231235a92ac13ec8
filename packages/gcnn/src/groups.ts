// The symmetry groups as data: p4, p4m and their finer relatives cn(n) / dn(n), with the
// multiplication table the layers need (compose, inverse) and each element's action on
// planes (filters, images) and on group feature maps [N, C, |G|, H, W].
import { flip, indexSelect, matmul, reshape, rot90, tensor, tidy, type Tensor } from '@tessera/core';
import { rotationSampling } from './rotation-sampling.js';

/**
 * A discrete group of rotations of the plane, optionally with mirrors. Element `g` (an index in
 * `[0, order)`) is `(m, r) = (floor(g / n), g % n)` and acts on a plane as `F^m R^r`: first
 * rotate by `r` steps of 360°/n (R = `rot90(·, 1, [-2, -1])` for n = 4), then, when `m = 1`,
 * mirror the last axis (F = `flip(·, [-1])`).
 */
export interface Group {
  /** 'p4', 'p4m', 'c8', 'd8', ... */
  readonly name: string;
  /** Number of rotations n. */
  readonly rotations: number;
  /** Whether the mirror is in the group. */
  readonly mirrors: boolean;
  /** |G| = n, or 2n with mirrors: the size of the group axis. */
  readonly order: number;
  /** True where every rotation is a multiple of 90°, so filters and maps transform by exact index permutations. */
  readonly exact: boolean;
  /** The element `(m, r)`: rotation `r` then, if `mirrored`, the mirror. */
  element(rotation: number, mirrored?: boolean): number;
  /** `[r, m]` of element `g`. */
  decompose(g: number): [rotation: number, mirrored: boolean];
  /** The product `a·b` (apply `b` first, then `a`). */
  compose(a: number, b: number): number;
  /** The element `g⁻¹` with `g·g⁻¹ = e`. */
  inverse(g: number): number;
}

/** A group, or the name of one: 'p4', 'p4m'. */
export type GroupLike = Group | 'p4' | 'p4m';

function makeGroup(name: string, rotations: number, mirrors: boolean): Group {
  if (!Number.isInteger(rotations) || rotations < 1) throw new Error(`${name}: the number of rotations must be a positive integer, got ${rotations}`);
  const n = rotations;
  const order = mirrors ? 2 * n : n;
  const mod = (v: number) => ((v % n) + n) % n;
  const check = (g: number) => {
    if (!Number.isInteger(g) || g < 0 || g >= order) throw new Error(`${name}: element must be an integer in [0, ${order}), got ${g}`);
  };
  const element = (rotation: number, mirrored = false) => {
    if (mirrored && !mirrors) throw new Error(`${name}: has no mirrors`);
    return (mirrored ? n : 0) + mod(rotation);
  };
  const decompose = (g: number): [number, boolean] => {
    check(g);
    return [g % n, g >= n];
  };
  return {
    name,
    rotations: n,
    mirrors,
    order,
    exact: 4 % n === 0,
    element,
    decompose,
    // F^m1 R^r1 F^m2 R^r2 = F^(m1+m2) R^((-1)^m2 r1 + r2), since R F = F R⁻¹.
    compose(a, b) {
      const [r1, m1] = decompose(a);
      const [r2, m2] = decompose(b);
      return element((m2 ? -r1 : r1) + r2, m1 !== m2);
    },
    // A mirror element F R^r is its own inverse; a rotation inverts to R^-r.
    inverse(g) {
      const [r, m] = decompose(g);
      return m ? g : element(-r);
    },
  };
}

/**
 * The cyclic group of `n` rotations by multiples of 360°/n. Exact for n = 1, 2, 4; otherwise
 * filters and maps are rotated by bilinear interpolation, so equivariance is approximate.
 * @example new GroupConv2d(8, 8, 5, { group: cn(8), padding: 2 })
 */
export function cn(n: number): Group {
  return makeGroup(n === 4 ? 'p4' : `c${n}`, n, false);
}

/**
 * The dihedral group of `n` rotations and their mirror images (2n elements).
 * @example dn(4) // p4m
 */
export function dn(n: number): Group {
  return makeGroup(n === 4 ? 'p4m' : `d${n}`, n, true);
}

/** Rotations by 90° (GrouPy's p4). */
export const p4: Group = cn(4);
/** Rotations by 90° and mirrors (GrouPy's p4m). */
export const p4m: Group = dn(4);

/** The group an option names. */
export function resolveGroup(layer: string, group: GroupLike): Group {
  if (group === 'p4') return p4;
  if (group === 'p4m') return p4m;
  if (typeof group === 'object' && group !== null && typeof group.compose === 'function') return group;
  throw new Error(`${layer}: group must be 'p4', 'p4m' or a Group from cn(n) / dn(n), got ${JSON.stringify(group)}`);
}

/**
 * Element `g` acting on the last two axes of `x` (any leading axes): planes are rotated about
 * their centre and then mirrored. Exact groups use `rot90` and `flip`; others interpolate
 * (bilinear, zero outside the square), which needs square planes.
 * @example transformPlanes(p4, 1, image) // same as rot90(image, 1, [-2, -1])
 */
export function transformPlanes(group: Group, g: number, x: Tensor): Tensor {
  const [r, m] = group.decompose(g);
  if (x.ndim < 2) throw new Error(`transformPlanes: expected a tensor of at least 2 dimensions, got [${x.shape}]`);
  return tidy(() => {
    let y: Tensor;
    if (group.exact) {
      y = rot90(x, (r * 4) / group.rotations, [-2, -1]);
    } else {
      const [h, w] = x.shape.slice(-2);
      if (h !== w) throw new Error(`transformPlanes: ${group.name} rotates by interpolation, which needs square planes, got [${x.shape}]`);
      const sampling = tensor(rotationSampling(h, (2 * Math.PI * r) / group.rotations), { dtype: 'float32' });
      const flat = reshape(x, [...x.shape.slice(0, -2), 1, h * w]);
      y = reshape(matmul(flat, reshape(sampling, [h * w, h * w])), x.shape);
    }
    return m ? flip(y, [-1]) : y;
  });
}

/**
 * Element `g` acting on a group feature map `[N, C, |G|, H, W]`:
 * `(g·y)[:, :, h] = transformPlanes(g, y[:, :, g⁻¹h])`. For p4 and g = one rotation this is
 * `roll(rot90(y, 1, [-2, -1]), 1, 2)`. A plain map `[N, C, H, W]` (the input of a lifting
 * convolution) only has its planes transformed.
 * @example act(p4m, p4m.element(1, true), features)
 */
export function act(group: Group, g: number, x: Tensor): Tensor {
  if (x.ndim === 4) return transformPlanes(group, g, x);
  if (x.ndim !== 5 || x.shape[2] !== group.order) {
    throw new Error(`act: expected [N, C, H, W] or a ${group.name} feature map [N, C, ${group.order}, H, W], got [${x.shape}]`);
  }
  const inverse = group.inverse(g);
  const source = Array.from({ length: group.order }, (_, h) => group.compose(inverse, h));
  return tidy(() => transformPlanes(group, g, indexSelect(x, 2, tensor(Int32Array.from(source), { dtype: 'int32' }))));
}
