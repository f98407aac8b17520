/** Latency percentiles in milliseconds from per-operation samples. */
export function percentile(samplesMs: readonly number[], p: number): number {
  if (samplesMs.length === 0) return Number.NaN;
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function formatRate(perSecond: number): string {
  return Math.round(perSecond).toLocaleString('en-US');
}
