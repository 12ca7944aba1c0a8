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

/**
 * Waiting queues by priority (request classes, issue 5): one WaitQueue per priority level, the highest
 * non-empty level served first, each level FCFS with preempted items at its front. With one level it is
 * exactly a WaitQueue. Levels are few (one per request class), so they are kept in a sorted array.
 */
export class PriorityWaitQueue<T> {
  /** levels, highest priority first */
  private readonly levels: { priority: number; queue: WaitQueue<T> }[] = [];
  private count = 0;

  constructor(private readonly priorityOf: (item: T) => number) {}

  get length(): number {
    return this.count;
  }

  private level(item: T): WaitQueue<T> {
    const p = this.priorityOf(item);
    let i = 0;
    while (i < this.levels.length && this.levels[i]!.priority > p) i++;
    if (i < this.levels.length && this.levels[i]!.priority === p) return this.levels[i]!.queue;
    const queue = new WaitQueue<T>();
    this.levels.splice(i, 0, { priority: p, queue });
    return queue;
  }

  private top(): WaitQueue<T> | undefined {
    for (const l of this.levels) if (l.queue.length > 0) return l.queue;
    return undefined;
  }

  pushBack(item: T): void {
    this.level(item).pushBack(item);
    this.count++;
  }

  pushFront(item: T): void {
    this.level(item).pushFront(item);
    this.count++;
  }

  peek(): T | undefined {
    return this.top()?.peek();
  }

  shift(): T | undefined {
    const q = this.top();
    if (q === undefined) return undefined;
    this.count--;
    return q.shift();
  }
}
