/**
 * An OTLP/HTTP receiver on loopback for `npm run bench`'s telemetry-on runs:
 * answers every export 200 (an empty protobuf message is a valid
 * `Export*ServiceResponse`) and counts what arrived, so the bench can tell
 * the function really exported while it was measured.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OtlpSink {
  /** For OTEL_EXPORTER_OTLP_ENDPOINT (the exporters append `/v1/traces`, `/v1/metrics`). */
  readonly url: string;
  /** Requests and bytes received so far, by path. */
  counts(): Readonly<Record<string, { readonly requests: number; readonly bytes: number }>>;
  close(): Promise<void>;
}

export async function startOtlpSink(): Promise<OtlpSink> {
  const counts: Record<string, { requests: number; bytes: number }> = {};
  const server = createServer((request, response) => {
    const path = request.url ?? '/';
    counts[path] ??= { requests: 0, bytes: 0 };
    const count = counts[path];
    count.requests++;
    request.on('data', (chunk: Buffer) => {
      count.bytes += chunk.length;
    });
    request.on('end', () => {
      const protobuf = (request.headers['content-type'] ?? '').includes('protobuf');
      response.writeHead(200, { 'content-type': protobuf ? 'application/x-protobuf' : 'application/json' });
      response.end(protobuf ? undefined : '{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => structuredClone(counts),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
