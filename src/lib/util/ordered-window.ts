/**
 * Work started in order, finished in any order, handed on in the order it was started: at most
 * `limit` pieces in flight (started and not yet handed on), so a fast producer waits for a slow
 * consumer and memory stays bounded. A piece that fails is reported when its turn comes (its
 * rejection is the hand-on's), never as an unhandled rejection while it waits. Pure.
 */
export class OrderedWindow<T> {
  private readonly inFlight: { work: Promise<T>; done: boolean }[] = [];

  constructor(
    private readonly limit: number,
    private readonly handOn: (value: T) => Promise<void> | void,
  ) {}

  get size(): number {
    return this.inFlight.length;
  }

  /** Adds a piece; hands on, in order, what is done already; then waits while the window is full. */
  async add(work: Promise<T>): Promise<void> {
    const entry = { work, done: false };
    work.then(
      () => (entry.done = true),
      () => (entry.done = true),
    );
    this.inFlight.push(entry);
    while (this.inFlight.length > 0 && this.inFlight[0].done) await this.handOnHead();
    while (this.inFlight.length >= this.limit) await this.handOnHead();
  }

  /** Hands on every piece left, in order. */
  async drain(): Promise<void> {
    while (this.inFlight.length > 0) await this.handOnHead();
  }

  /** After a cancel or a failure: waits for every piece still in flight to settle, handing none on. */
  async settle(): Promise<void> {
    await Promise.allSettled(this.inFlight.splice(0).map((e) => e.work));
  }

  private async handOnHead(): Promise<void> {
    const value = await this.inFlight.shift()!.work;
    await this.handOn(value);
  }
}
