/**
 * Tells the error a transaction's `work` threw (rethrown unchanged: it may be
 * the caller's own) from an error of BEGIN, COMMIT or the connection (mapped
 * to a typed database error).
 */
export class WorkFailure {
  #error: { readonly value: unknown } | undefined;

  async track<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (error) {
      this.#error = { value: error };
      throw error;
    }
  }

  isFrom(error: unknown): boolean {
    return this.#error !== undefined && this.#error.value === error;
  }
}
