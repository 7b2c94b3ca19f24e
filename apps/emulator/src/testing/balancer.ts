/**
 * A small TCP load balancer for azmi replicas on one PostgreSQL database: one port, connections
 * handed round-robin to the replicas. TCP, not HTTP: azmi tells HTTP, HTTPS and proxy CONNECT
 * apart on its own port, and a TLS client then sees the replica's certificate (all replicas
 * share one CA). A replica that refuses the connection is skipped, so the balancer keeps serving
 * while one is down.
 *
 *   const a = await startAzmi({ store }), b = await startAzmi({ store });
 *   const lb = await startBalancer([a.port, b.port]);   // clients use lb.url / lb.proxyUrl
 */
import { connect, createServer, type Socket } from "node:net";

export interface RunningBalancer {
  readonly port: number;
  /** https://127.0.0.1:{port} */
  readonly url: string;
  /** http://127.0.0.1:{port} (forward proxy, plain HTTP) */
  readonly proxyUrl: string;
  stop(): Promise<void>;
}

export async function startBalancer(ports: readonly number[], options: { host?: string; port?: number } = {}): Promise<RunningBalancer> {
  if (ports.length === 0) throw new Error("startBalancer: no replica ports");
  const host = options.host ?? "127.0.0.1";
  let next = 0;
  const open = new Set<Socket>();
  const forward = (client: Socket, tried: number) => {
    const port = ports[next++ % ports.length]!;
    const upstream = connect({ host: "127.0.0.1", port });
    open.add(upstream);
    upstream.once("close", () => open.delete(upstream));
    upstream.once("error", () => {
      // Refused before anything was forwarded: try the next replica (each once).
      if (upstream.bytesWritten === 0 && !client.destroyed && tried + 1 < ports.length) forward(client, tried + 1);
      else client.destroy();
    });
    upstream.once("connect", () => {
      client.pipe(upstream).pipe(client);
      client.resume();
      client.once("error", () => upstream.destroy());
      client.once("close", () => upstream.destroy());
      upstream.once("close", () => client.destroy());
    });
  };
  const server = createServer({ pauseOnConnect: true }, (client) => {
    open.add(client);
    client.once("close", () => open.delete(client));
    client.on("error", () => {});
    forward(client, 0);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    port,
    url: `https://${host}:${port}`,
    proxyUrl: `http://${host}:${port}`,
    stop: () =>
      new Promise((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
