// The check every utility that carries edge attributes along shares.
import type { Tensor } from '@tessera/core';
import { fmt } from '../checks.js';

/** Throws unless `edgeAttr` has one row per edge of `edgeIndex`. */
export function checkEdgeAttr(where: string, edgeAttr: Tensor, edgeIndex: Tensor): void {
  if (edgeAttr.ndim < 1 || edgeAttr.shape[0] !== edgeIndex.shape[1]) {
    throw new Error(`${where}: edgeAttr ${fmt(edgeAttr.shape)} must have one row per edge of edgeIndex ${fmt(edgeIndex.shape)}`);
  }
}
