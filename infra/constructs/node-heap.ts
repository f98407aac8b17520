/**
 * The `--max-old-space-size` a function's container runs Node with. Node sizes
 * its heap to the whole cgroup memory limit (measured with Node 24 in a 256 MiB
 * cgroup: heap limit 259 MiB), so under load the kernel would kill the
 * container before V8 collects harder; 60% leaves the rest of the limit to
 * code, buffers and sockets.
 */
export const HEAP_SHARE = 0.6;
const MIN_HEAP_MIB = 32;
const UNITS: Readonly<Record<string, number>> = {
  '': 1,
  m: 1 / 1000,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
};

export function heapFlag(memoryLimit: string): string {
  const [, amount, unit = ''] = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi)?$/.exec(memoryLimit) ?? [];
  if (amount === undefined) throw new Error(`memory limit ${memoryLimit}: not a Kubernetes quantity`);
  const heapMiB = Math.floor((Number(amount) * UNITS[unit]! * HEAP_SHARE) / 1024 ** 2);
  if (heapMiB < MIN_HEAP_MIB) {
    throw new Error(`memory limit ${memoryLimit}: leaves a ${heapMiB} MiB heap, below ${MIN_HEAP_MIB} MiB`);
  }
  return `--max-old-space-size=${heapMiB}`;
}
