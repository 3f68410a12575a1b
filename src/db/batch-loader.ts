// Work that many requests ask for at once, done in one go (group commit, and its read side):
// calls that arrive while a run is in flight — or in the same turn of the event loop — wait
// for the next run, which answers them all. A run may answer an item with an Error, which
// rejects that item alone. Reads only outside a transaction.

export class BatchLoader<Q, R> {
  private queue: { q: Q; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private running = false;
  constructor(private readonly run: (qs: Q[]) => Promise<(R | Error)[]>, private readonly max = 200) {}

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
        batch.forEach((b, i) => { const r = out[i]; if (r instanceof Error) b.reject(r); else b.resolve(r); });
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
