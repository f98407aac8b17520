import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { cpuSeconds, runLoad, treeCpuSeconds } from './http-load.ts';

describe('runLoad', () => {
  it('sends its cycle of requests in turn across its connections, from where it is told to start', async () => {
    const seen: string[] = [];
    // Each connection's first request, by the connection's port.
    const firstBySocket = new Map<number, string>();
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      request.on('end', () => {
        const arrival = `${request.method} ${request.headers['x-who']} ${body}`;
        seen.push(arrival);
        const port = request.socket.remotePort!;
        if (!firstBySocket.has(port)) firstBySocket.set(port, arrival);
        response.writeHead(body === 'refuse' ? 403 : 200).end('{}');
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const { port } = server.address() as AddressInfo;
      const result = await runLoad(`http://127.0.0.1:${port}/x`, {
        connections: 2,
        durationSec: 1,
        cpu: 0,
        startAt: 1,
        requests: [
          { method: 'POST', headers: { 'x-who': 'a' }, body: 'refuse' },
          { method: 'POST', headers: { 'x-who': 'b' }, body: 'one' },
          { method: 'POST', headers: { 'x-who': 'c' }, body: 'two' },
        ],
      });
      // Each connection's first request is built before any is sent: the two it starts at. From then
      // on one cycle for all connections (two in flight: arrivals may swap neighbours, not skip a
      // turn). Which arrives first is the machine's business, so each is asked of its connection.
      expect([...firstBySocket.values()].sort()).toEqual(['POST b one', 'POST c two']);
      const turns = seen.slice(0, 30);
      for (const who of ['a', 'b', 'c']) {
        expect(Math.abs(turns.filter((s) => s.includes(` ${who} `)).length - 10)).toBeLessThanOrEqual(1);
      }
      expect(new Set(seen).size).toBe(3);
      const counts = ['a', 'b', 'c'].map((who) => seen.filter((s) => s.includes(` ${who} `)).length);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(2);
      expect(result.total).toBeGreaterThan(30);
      // A refusal is not throughput: a third of the answers were 403.
      expect(result.failures.non2xx).toBeGreaterThan(result.total / 4);
      expect(result.requestsPerSec).toBeLessThan(result.total);
    } finally {
      server.close();
    }
  });
});

describe('treeCpuSeconds', () => {
  it.runIf(process.platform === 'linux')(
    'counts the CPU a process’s children used, beside its own',
    async () => {
      // A child that spends 0.3 s of CPU, says so, and then idles until stopped.
      const child = spawn(
        process.execPath,
        [
          '-e',
          'const t = process.cpuUsage(); while ((process.cpuUsage(t).user + process.cpuUsage(t).system) < 300000) {} console.log("spent"); setInterval(() => {}, 1000);',
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      try {
        await once(child.stdout!, 'data');
        const own = cpuSeconds(process.pid);
        const tree = treeCpuSeconds(process.pid);
        expect(tree - own).toBeGreaterThanOrEqual(0.25);
        expect(treeCpuSeconds(child.pid!)).toBeGreaterThanOrEqual(0.25);
        expect(Number.isNaN(treeCpuSeconds(2 ** 22 + 12345))).toBe(true);
      } finally {
        child.kill('SIGKILL');
      }
    },
  );
});
