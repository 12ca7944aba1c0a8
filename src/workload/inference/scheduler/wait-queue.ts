/**
 * The waiting queue of a replica: arrivals in FCFS order at the back, preempted sequences pushed back in
 * at the front (vLLM's appendleft), so a preempted request is the next to be readmitted. Two arrays
 * instead of `unshift` on one, because an overloaded replica may hold a long queue and both ends must
 * stay O(1).
 */
export class WaitQueue<T> {
  /** preempted items; the last pushed is the first out */
  private readonly front: T[] = [];
  private back: T[] = [];
  private head = 0;

  get length(): number {
    return this.front.length + this.back.length - this.head;
  }

  pushBack(item: T): void {
    this.back.push(item);
  }

  pushFront(item: T): void {
    this.front.push(item);
  }

  peek(): T | undefined {
    return this.front.length > 0 ? this.front[this.front.length - 1] : this.back[this.head];
  }

  shift(): T | undefined {
    if (this.front.length > 0) return this.front.pop();
    if (this.head >= this.back.length) return undefined;
    const item = this.back[this.head++];
    // Drop the consumed prefix now and then, so a long run does not keep every request alive.
    if (this.head >= 1024 && this.head * 2 >= this.back.length) {
      this.back = this.back.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}
