interface Waiting<T> {
  readonly item: T;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Group commit: items submitted while a batch is being written wait and go
 * together in the next one, so under load one transaction carries many items
 * and throughput grows with concurrency instead of being capped by commit
 * latency. One batch at a time per instance keeps the order of submission.
 * Each submitter learns the fate of its own batch: resolved after it
 * committed, rejected with the batch's error if it did not.
 */
export class GroupCommit<T> {
  readonly #commit: (batch: T[]) => Promise<void>;
  readonly #maxBatchSize: number;
  #queue: Waiting<T>[] = [];
  #draining = false;

  constructor(commit: (batch: T[]) => Promise<void>, maxBatchSize: number) {
    if (!Number.isInteger(maxBatchSize) || maxBatchSize < 1)
      throw new RangeError('maxBatchSize must be a positive integer');
    this.#commit = commit;
    this.#maxBatchSize = maxBatchSize;
  }

  submit(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      if (this.#draining) return;
      this.#draining = true;
      // Wait for the rest of this turn of the event loop: requests handled in it join the first batch.
      setImmediate(() => void this.#drain());
    });
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#maxBatchSize);
      try {
        await this.#commit(batch.map((waiting) => waiting.item));
        for (const waiting of batch) waiting.resolve();
      } catch (error) {
        for (const waiting of batch) waiting.reject(error);
      }
    }
    this.#draining = false;
  }
}
