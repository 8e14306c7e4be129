/**
 * Natural batching for standalone work (group commit): while up to `maxInFlight`
 * batches are running, new items wait and go together in the next one. A lone
 * item goes at once, so batching adds no delay when the system is quiet; under
 * load one round trip and one commit serve many items.
 */
export interface BatcherOptions {
  /** most items in one batch */
  maxBatch: number;
  /** batches running at the same time */
  maxInFlight: number;
}

interface Pending<T, R> {
  item: T;
  resolve: (r: R) => void;
  reject: (err: unknown) => void;
}

export class Batcher<T, R> {
  private queue: Pending<T, R>[] = [];
  private inFlight = 0;

  /**
   * `run` answers one result per item, in order, or throws for the whole batch.
   * When a batch of several throws, each of its items is run again alone, so one
   * bad item fails only its own caller.
   */
  constructor(
    private readonly run: (items: T[]) => Promise<R[]>,
    private readonly opts: BatcherOptions,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  /** items waiting for a batch (for metrics and tests) */
  get waiting(): number {
    return this.queue.length;
  }

  private pump(): void {
    while (this.inFlight < this.opts.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.opts.maxBatch);
      this.inFlight++;
      void this.flush(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async flush(batch: Pending<T, R>[]): Promise<void> {
    try {
      const results = await this.run(batch.map((p) => p.item));
      batch.forEach((p, i) => p.resolve(results[i]));
    } catch (err) {
      if (batch.length === 1) return batch[0].reject(err);
      await Promise.all(
        batch.map(async (p) => {
          try {
            p.resolve((await this.run([p.item]))[0]);
          } catch (e) {
            p.reject(e);
          }
        }),
      );
    }
  }
}
