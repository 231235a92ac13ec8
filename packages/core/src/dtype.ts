// Data types, their typed-array storage and PyTorch's promotion rules between them.

/** The element types a tensor can hold. */
export type DType = 'float32' | 'int32' | 'bool';

/** The typed array that holds values of each dtype on the host. */
export interface TypedArrayFor {
  float32: Float32Array;
  int32: Int32Array;
  bool: Uint8Array;
}

/** Any of the typed arrays tensors are read into and written from. */
export type TypedArray = Float32Array | Int32Array | Uint8Array;

export const DTYPES: readonly DType[] = ['float32', 'int32', 'bool'];

/** Bytes per element of each dtype. */
export function bytesPerElement(dtype: DType): number {
  return dtype === 'bool' ? 1 : 4;
}

/** A zero-filled typed array of `size` elements for `dtype`. */
export function allocArray<D extends DType>(dtype: D, size: number): TypedArrayFor[D] {
  switch (dtype) {
    case 'float32':
      return new Float32Array(size) as TypedArrayFor[D];
    case 'int32':
      return new Int32Array(size) as TypedArrayFor[D];
    default:
      return new Uint8Array(size) as TypedArrayFor[D];
  }
}

export function isDType(value: unknown): value is DType {
  return value === 'float32' || value === 'int32' || value === 'bool';
}

const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2 };

/**
 * The result dtype of combining two tensors, as torch.result_type does for our three
 * types: bool < int32 < float32.
 */
export function promoteTypes(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * The dtype a JavaScript scalar stands for on its own. As in
 * PyTorch, a scalar only raises the category (bool → integer → float), never the width.
 */
export function scalarDType(value: number | boolean): DType {
  if (typeof value === 'boolean') return 'bool';
  return Number.isInteger(value) ? 'int32' : 'float32';
}

/** Promotion of a tensor dtype with a scalar operand (category rule). */
export function promoteWithScalar(tensorDType: DType, value: number | boolean): DType {
  return promoteTypes(tensorDType, scalarDType(value));
}

/** Whether the dtype holds floating-point values. */
export function isFloating(dtype: DType): boolean {
  return dtype === 'float32';
}
