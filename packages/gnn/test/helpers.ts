// Seeded random graphs and node permutations shared by the property and memory suites.
import { seededRandom } from '@tessera/layers';

/** A random directed graph: `numEdges` edges among `numNodes` nodes, duplicates and loops allowed. */
export function randomEdges(random: () => number, numNodes: number, numEdges: number): { src: number[]; dst: number[] } {
  const pick = () => Math.floor(random() * numNodes);
  const src = Array.from({ length: numEdges }, pick);
  const dst = Array.from({ length: numEdges }, pick);
  return { src, dst };
}

/** A random permutation of 0..n-1 (Fisher–Yates). */
export function randomPermutation(random: () => number, n: number): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

/** The inverse permutation: inverse[p[i]] = i. */
export function invert(p: readonly number[]): number[] {
  const inverse = new Array<number>(p.length);
  p.forEach((v, i) => (inverse[v] = i));
  return inverse;
}

export { seededRandom };
