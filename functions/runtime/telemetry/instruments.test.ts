import { context, type Span, TraceFlags, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  InMemorySpanExporter,
  ParentBasedSampler,
  SimpleSpanProcessor,
  TraceIdRatioBasedSampler,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { withSpan } from './instruments.ts';

// As the targets deploy it (parent-based ratio): a root below the ratio is recorded, one above it is not.
const exporter = new InMemorySpanExporter();
let nextTraceId = '';
let spans = 0;
const provider = new TracerProvider({
  sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(0.5) }),
  spanProcessors: [new SimpleSpanProcessor({ exporter })],
  idGenerator: {
    generateTraceId: () => nextTraceId,
    generateSpanId: () => (++spans).toString(16).padStart(16, '0'),
  },
});
const contextManager = new AsyncLocalStorageContextManager();
const tracer = () => trace.getTracer('test');
// TraceIdRatioBasedSampler compares the XOR of the trace id's four 32-bit words with the ratio.
const SAMPLED_ROOT = '0af7651900000000000000000af76519';
const UNSAMPLED_ROOT = '0af76519000000000000000075089ae6';

beforeAll(() => {
  contextManager.enable();
  context.setGlobalContextManager(contextManager);
  trace.setGlobalTracerProvider(provider);
});
afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  context.disable();
});
beforeEach(() => exporter.reset());

async function finished() {
  await provider.forceFlush();
  return exporter.getFinishedSpans();
}

/** Runs `work` inside a server span whose parent is the caller's trace `traceId`, sampled or not. */
function inRequest<T>(traceId: string, sampledByCaller: boolean, work: (server: Span) => Promise<T>) {
  const caller = trace.setSpanContext(context.active(), {
    traceId,
    spanId: 'b7ad6b7169203331',
    traceFlags: sampledByCaller ? TraceFlags.SAMPLED : TraceFlags.NONE,
    isRemote: true,
  });
  const server = tracer().startSpan('server', {}, caller);
  return context.with(trace.setSpan(caller, server), () => work(server)).finally(() => server.end());
}

describe('withSpan', () => {
  it('records a child of a recorded span, active while the work runs, annotated and ended', async () => {
    await inRequest(SAMPLED_ROOT, true, async (server) => {
      expect(server.isRecording()).toBe(true);
      const inside = await withSpan('child', { 'hoi.step': 'one' }, async (annotate) => {
        annotate({ 'hoi.more': 2 });
        return trace.getActiveSpan();
      });
      expect(inside).not.toBe(server);
    });
    const [child, server] = await finished();
    expect(child?.name).toBe('child');
    expect(child?.parentSpanContext?.spanId).toBe(server?.spanContext().spanId);
    expect(child?.attributes).toEqual({ 'hoi.step': 'one', 'hoi.more': 2 });
  });

  it('makes no span inside a trace neither recorded nor sampled: the work runs in its parent, unsampled context', async () => {
    const seen: { active: Span | undefined; flags: number | undefined }[] = [];
    await inRequest(SAMPLED_ROOT, false, async (server) => {
      expect(server.isRecording()).toBe(false);
      const result = await withSpan('child', { 'hoi.step': 'one' }, async (annotate) => {
        annotate({ 'hoi.more': 2 });
        const active = trace.getActiveSpan();
        seen.push({ active, flags: active?.spanContext().traceFlags });
        return 'done';
      });
      expect(result).toBe('done');
      expect(seen).toEqual([{ active: server, flags: TraceFlags.NONE }]);
    });
    expect(await finished()).toEqual([]);
  });

  it('leaves out the children of a root the ratio left out, and records those of one it took', async () => {
    const namesUnder = async (traceId: string) => {
      exporter.reset();
      nextTraceId = traceId;
      // No caller: the root is the sampler's own decision, by its trace id.
      const root = tracer().startSpan('server', {}, context.active());
      await context.with(trace.setSpan(context.active(), root), () =>
        withSpan('child', {}, async () => undefined),
      );
      root.end();
      return (await finished()).map((s) => s.name);
    };
    expect(await namesUnder(UNSAMPLED_ROOT)).toEqual([]);
    expect(await namesUnder(SAMPLED_ROOT)).toEqual(['child', 'server']);
  });

  it('still makes a span under a caller that sampled the trace, whatever this side decided', async () => {
    const remoteOnly = trace.setSpanContext(context.active(), {
      traceId: UNSAMPLED_ROOT,
      spanId: 'b7ad6b7169203331',
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
    const active = await context.with(remoteOnly, () =>
      withSpan('child', {}, async () => trace.getActiveSpan()),
    );
    expect(active?.spanContext().spanId).not.toBe('b7ad6b7169203331');
    expect((await finished()).map((s) => s.name)).toEqual(['child']);
  });

  it('rethrows a failure after marking the span', async () => {
    await expect(
      inRequest(SAMPLED_ROOT, true, () =>
        withSpan('child', {}, async () => {
          throw new TypeError('boom');
        }),
      ),
    ).rejects.toThrow('boom');
    const child = (await finished()).find((s) => s.name === 'child');
    expect(child?.status).toEqual({ code: 2, message: 'TypeError' });
  });
});
