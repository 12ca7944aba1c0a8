/**
 * Scratch state of a solve, owned by one MaxMinSystem and reused across solves, so that a re-solve
 * allocates nothing once sizes have settled. Per-solve membership ("in this part", "frozen") is an epoch
 * stamp rather than a flag, so nothing needs clearing between solves.
 */
import { KeyHeap } from './key-heap.ts';

function growI32(a: Int32Array, n: number): Int32Array {
  if (n <= a.length) return a;
  const b = new Int32Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

function growF64(a: Float64Array, n: number): Float64Array {
  if (n <= a.length) return a;
  const b = new Float64Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

function growU32(a: Uint32Array, n: number): Uint32Array {
  if (n <= a.length) return a;
  const b = new Uint32Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}


/** Scratch arrays reused across solves, so a re-solve allocates nothing once sizes have settled. */
export class Workspace {
  remaining: Float64Array = new Float64Array(16);
  usage: Float64Array = new Float64Array(16);
  unfrozen: Int32Array = new Int32Array(16);
  heap = new KeyHeap();
  /** stamps: equal to `epoch` means "in this solve's part" / "frozen in this solve" */
  varSeen: Uint32Array = new Uint32Array(16);
  consSeen: Uint32Array = new Uint32Array(16);
  frozen: Uint32Array = new Uint32Array(16);
  epoch = 0;
  vars: Int32Array = new Int32Array(16);
  nVars = 0;
  cons: Int32Array = new Int32Array(16);
  nCons = 0;
  capped: Int32Array = new Int32Array(16);
  /** per variable: min(cap, capacity of each constraint it alone uses / usage factor) */
  capRate: Float64Array = new Float64Array(16);
  modified: Int32Array = new Int32Array(16);
  nModified = 0;

  reserve(varEnd: number, consEnd: number): void {
    this.remaining = growF64(this.remaining, consEnd);
    this.usage = growF64(this.usage, consEnd);
    this.unfrozen = growI32(this.unfrozen, consEnd);
    this.consSeen = growU32(this.consSeen, consEnd);
    this.cons = growI32(this.cons, consEnd);
    this.varSeen = growU32(this.varSeen, varEnd);
    this.frozen = growU32(this.frozen, varEnd);
    this.vars = growI32(this.vars, varEnd);
    this.capped = growI32(this.capped, varEnd);
    this.capRate = growF64(this.capRate, varEnd);
    this.modified = growI32(this.modified, varEnd);
  }

  nextEpoch(): number {
    if (this.epoch === 0xffffffff) {
      this.varSeen.fill(0);
      this.consSeen.fill(0);
      this.frozen.fill(0);
      this.epoch = 0;
    }
    return ++this.epoch;
  }
}
