/** Collective algorithms by name (CollectiveCall.algorithm and scenario overrides refer to these). */
import { direct } from './direct.ts';
import { hierarchical } from './hierarchical.ts';
import { nvls } from './nvls.ts';
import { pairwise } from './pairwise.ts';
import { ring } from './ring.ts';
import { sharp } from './sharp.ts';
import { tree } from './tree.ts';
import type { AlgorithmName, CollectiveAlgorithm } from './types.ts';

export const ALGORITHMS: Readonly<Record<AlgorithmName, CollectiveAlgorithm>> = { ring, tree, hierarchical, nvls, sharp, pairwise, direct };

export const algorithmNames: readonly AlgorithmName[] = ['ring', 'tree', 'hierarchical', 'nvls', 'sharp', 'pairwise', 'direct'];

export function getAlgorithm(name: AlgorithmName): CollectiveAlgorithm {
  const a = ALGORITHMS[name];
  if (a === undefined) throw new RangeError(`unknown collective algorithm "${String(name)}" (known: ${algorithmNames.join(', ')})`);
  return a;
}
