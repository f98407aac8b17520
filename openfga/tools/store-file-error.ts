/** A store file or one of its tuple files is malformed; the message names the file and the place in it. */
export class StoreFileError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreFileError';
  }
}
