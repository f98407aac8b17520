/**
 * `parts` as an object whose undefined members throw when read: a function that
 * reaches for a part its manifest does not declare fails at start, naming it,
 * instead of failing on the first request with `undefined is not a function`.
 * Only the parts given are its own keys, so spreading it copies what exists.
 */
export function declaredOnly<T extends object>(
  owner: string,
  parts: { [K in keyof T]: T[K] | undefined },
): T {
  const known = new Set(Object.keys(parts));
  const present = Object.fromEntries(Object.entries(parts).filter(([, value]) => value !== undefined));
  return new Proxy(present, {
    get(target, key, receiver) {
      if (typeof key === 'string' && known.has(key) && !(key in target)) {
        throw new Error(`${owner}: "${key}" is not declared in its manifest (uses / upstreams)`);
      }
      return Reflect.get(target, key, receiver);
    },
  }) as T;
}
