import { connect, createServer, type Socket } from 'node:net';

/**
 * How a gate treats connections: `open` pipes them to the target, `stall`
 * accepts them and never answers (a hanging upstream), `refuse` cuts them at
 * once (a component that is down).
 */
export type GateMode = 'open' | 'stall' | 'refuse';

export interface Gate {
  readonly port: number;
  /** `host:port` of the gate, to put in a URL in place of the component's. */
  readonly address: string;
  /** Where `open` connections go; set once the component's port is known. */
  target(host: string, port: number): void;
  /** Switches mode and cuts every connection already made, so pooled keep-alive sockets see it too. */
  set(mode: GateMode): void;
  close(): Promise<void>;
}

/**
 * A TCP proxy on loopback between a process and one of its components
 * (upstream, OpenFGA, PostgreSQL), so a test can make that component hang or
 * go away over real sockets. Starts in `refuse` until it has a target.
 */
export async function openGate(): Promise<Gate> {
  let mode: GateMode = 'refuse';
  let to: { host: string; port: number } | undefined;
  const live = new Set<Socket>();
  const track = (socket: Socket) => {
    live.add(socket);
    socket.on('close', () => live.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = createServer((incoming) => {
    track(incoming);
    if (mode === 'refuse' || !to) return void incoming.destroy();
    if (mode === 'stall') return;
    const outgoing = connect(to.port, to.host);
    track(outgoing);
    incoming.on('close', () => outgoing.destroy());
    outgoing.on('close', () => incoming.destroy());
    incoming.pipe(outgoing).pipe(incoming);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const cutAll = () => {
    for (const socket of live) socket.destroy();
  };
  return {
    port,
    address: `127.0.0.1:${port}`,
    target(host, targetPort) {
      to = { host, port: targetPort };
    },
    set(next) {
      mode = next;
      cutAll();
    },
    close: () =>
      new Promise<void>((resolve) => {
        cutAll();
        server.close(() => resolve());
      }),
  };
}
