/** Values the kit's middleware puts on every request context. */
declare module 'hono' {
  interface ContextVariableMap {
    /** Accepted from `x-request-id` when well-formed, otherwise generated; echoed in the response. */
    requestId: string;
  }
}

export {};
