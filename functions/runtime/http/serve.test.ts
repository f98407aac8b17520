import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { serveApp } from './serve.ts';

describe('serveApp', () => {
  it('lets an in-flight request finish after shutdown starts, then refuses new connections', async () => {
    const app = new Hono();
    app.get('/slow', async (c) => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      return c.json({ done: true });
    });
    const events: string[] = [];
    const running = await serveApp(app, {
      port: 0,
      hostname: '127.0.0.1',
      signals: [],
      onShutdown: async () => {
        events.push('shutdown hook');
      },
    });
    const url = `http://127.0.0.1:${running.port}`;
    const inFlight = fetch(`${url}/slow`).then(async (r) => {
      events.push('answered');
      return { status: r.status, body: await r.json() };
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const stopped = running.shutdown();
    expect(await inFlight).toEqual({ status: 200, body: { done: true } });
    await stopped;
    expect(events).toEqual(['answered', 'shutdown hook']);
    await expect(fetch(`${url}/slow`)).rejects.toThrow();
  });

  it('cuts connections that outlive the drain period', async () => {
    const app = new Hono();
    app.get('/hang', () => new Promise<Response>(() => {}));
    const running = await serveApp(app, { port: 0, hostname: '127.0.0.1', signals: [], drainMs: 100 });
    const hanging = fetch(`http://127.0.0.1:${running.port}/hang`).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const started = performance.now();
    await running.shutdown();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await hanging).toBeInstanceOf(Error);
  });
});
