/**
 * The V8 heap flags a function's container runs Node with.
 *
 * `--max-old-space-size`: Node sizes its heap to the whole cgroup memory limit
 * (measured with Node 24 in a 256 MiB cgroup: heap limit 259 MiB), so under
 * load the kernel would kill the container before V8 collects harder; 60%
 * leaves the rest of the limit to code, buffers and sockets.
 *
 * `--max-semi-space-size`: Node hands V8 the cgroup's limit as the machine's
 * memory, and V8 then sizes the young generation for a small device. The same
 * allocation loop made 39 scavenges outside a cgroup and 260 inside a 256 MiB
 * one, and production case-lookup under load in that cgroup spent 3.9-4.3 ms
 * of the function's CPU per lookup against 2.4-2.6 ms outside it (193/175 vs
 * 253/236 req/s); with a 16 MiB semi-space in the cgroup, 2.1-2.9 ms and
 * 211/275 req/s. A sixteenth of the limit, at most 16 MiB: the young
 * generation (two semi-spaces) and the old one stay within the limit.
 *
 * `--min-semi-space-size`, the same: the young generation starts at that size
 * instead of growing to it, scavenge by scavenge, while a cold process loads
 * its code and answers its first request. Production case-lookup, spawn →
 * first authorized 200, 9 and 11 starts alternated with and without it:
 * median 191 vs 223 ms and 188 vs 212 ms (0.86×, 0.87×); resident memory
 * after that first answer 72 vs 71 MiB. (Node refuses this flag in
 * NODE_OPTIONS: it goes on the command line.)
 */
export const HEAP_SHARE = 0.6;
const MIN_HEAP_MIB = 32;
const MAX_SEMI_SPACE_MIB = 16;
const UNITS: Readonly<Record<string, number>> = {
  '': 1,
  m: 1 / 1000,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
};

function mebibytes(memoryLimit: string): number {
  const [, amount, unit = ''] = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi)?$/.exec(memoryLimit) ?? [];
  if (amount === undefined) throw new Error(`memory limit ${memoryLimit}: not a Kubernetes quantity`);
  return (Number(amount) * UNITS[unit]!) / 1024 ** 2;
}

/**
 * A copy of the OpenFGA store in the function (AUTHZ_REPLICA) costs some 300-340
 * bytes of heap per tuple: the evaluator's record and indexes, the tuple's key on
 * strings shared with every other tuple naming the same object (measured by
 * loading the copies of the sandbox grown to 98 municipalities: appointments'
 * 180k tuples 51 MiB, 296 bytes each; case-lookup's 63k 20 MiB, 339 bytes). A
 * store that kept a string identity and strings of its own per tuple cost 570-640,
 * and appointments with that copy in a 256 MiB container ran its old generation
 * near the 60% limit: 1.7 → 9.3 ms of CPU per request, p99 ×1.4.
 */
export const REPLICA_BYTES_PER_TUPLE = 360;
/** The share of the container's memory limit a copy may take before it is dropped (the server decides then). */
export const REPLICA_SHARE = 0.25;

/** AUTHZ_REPLICA_MAX_TUPLES for a container of `memoryLimit`: a quarter of it at 360 bytes a tuple, in thousands. */
export function replicaTupleLimit(memoryLimit: string): number {
  const tuples = (mebibytes(memoryLimit) * 1024 ** 2 * REPLICA_SHARE) / REPLICA_BYTES_PER_TUPLE;
  return Math.floor(tuples / 1000) * 1000;
}

export function heapFlags(memoryLimit: string): readonly [string, string, string] {
  const limitMiB = mebibytes(memoryLimit);
  const heapMiB = Math.floor(limitMiB * HEAP_SHARE);
  if (heapMiB < MIN_HEAP_MIB) {
    throw new Error(`memory limit ${memoryLimit}: leaves a ${heapMiB} MiB heap, below ${MIN_HEAP_MIB} MiB`);
  }
  const semiSpaceMiB = Math.min(MAX_SEMI_SPACE_MIB, Math.floor(limitMiB / 16));
  return [
    `--max-old-space-size=${heapMiB}`,
    `--max-semi-space-size=${semiSpaceMiB}`,
    `--min-semi-space-size=${semiSpaceMiB}`,
  ];
}
