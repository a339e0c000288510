/**
 * Runs operations one after another. When idle, an operation starts synchronously, so a caller
 * that does not await still sees its effect at once; otherwise it waits for those before it.
 */
export class SerialQueue {
  readonly #pending: Array<() => Promise<void>> = [];
  #draining = false;

  get idle(): boolean {
    return !this.#draining;
  }

  run<T>(operation: () => T | Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#pending.push(async () => {
        try {
          resolve(await operation());
        } catch (error) {
          reject(error);
        }
      });
      if (!this.#draining) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      for (let next = this.#pending.shift(); next !== undefined; next = this.#pending.shift()) await next();
    } finally {
      this.#draining = false;
    }
  }
}
