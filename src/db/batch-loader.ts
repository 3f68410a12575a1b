// Reads made by many requests at once, answered by one query (the read side of group commit):
// calls that arrive while a query is in flight — or in the same turn of the event loop — wait
// for the next one, which answers them all. Only for reads outside a transaction.

export class BatchLoader<Q, R> {
  private queue: { q: Q; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private running = false;
  constructor(private readonly run: (qs: Q[]) => Promise<R[]>, private readonly max = 200) {}

  load(q: Q): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ q, resolve, reject });
      if (!this.running) {
        this.running = true;
        setImmediate(() => { void this.flush(); });
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.splice(0, this.max);
      try {
        const out = await this.run(batch.map((b) => b.q));
        batch.forEach((b, i) => b.resolve(out[i]));
      } catch (e) {
        batch.forEach((b) => b.reject(e));
      }
    }
    this.running = false;
  }
}

/** One loader per database handle (each test and each engine has its own). */
export function perHandle<H extends object, L>(make: (h: H) => L): (h: H) => L {
  const cache = new WeakMap<H, L>();
  return (h) => {
    let l = cache.get(h);
    if (!l) { l = make(h); cache.set(h, l); }
    return l;
  };
}
