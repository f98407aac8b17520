import { createServer } from 'node:http';

export interface Collector {
  /** For `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  readonly url: string;
  /** Every OTLP/JSON export received, by path (`/v1/traces`, `/v1/metrics`). */
  readonly exports: { readonly path: string; readonly body: string }[];
  close(): Promise<void>;
}

/** A tiny OTLP/HTTP collector on loopback that keeps what it is sent (`OTEL_EXPORTER_OTLP_PROTOCOL=http/json`). */
export async function startCollector(): Promise<Collector> {
  const exports: { path: string; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      exports.push({ path: req.url ?? '', body });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    exports,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
