/**
 * Limits a listener puts on its clients: a client that sends nothing, stops half-way through its
 * headers, stalls a TLS handshake (directly or inside a CONNECT tunnel), or sends headers past
 * the limit is cut off, and everyone else is still served. The listener runs here with short
 * timeouts; what is asserted is that the socket is closed, never how fast.
 */
import { connect, type Socket } from "node:net";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CertificateAuthority } from "../../src/listener/certificate-authority.js";
import { MAX_HEADER_BYTES, startListener, type RunningListener } from "../../src/listener/listener.js";

const SHORT = { firstByteMs: 300, tlsHandshakeMs: 300, headersMs: 300, requestMs: 600 };

/** Opens a socket, writes `bytes`, and resolves with what came back once the server closed it. */
function closedByServer(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, "127.0.0.1", () => {
      if (bytes !== "") socket.write(Buffer.from(bytes, "latin1"));
    });
    let received = "";
    socket.on("data", (c: Buffer) => (received += c.toString("latin1")));
    socket.on("close", () => resolve(received));
    socket.on("error", () => undefined);
    // Far beyond every timeout above: only a server that never closes reaches it.
    setTimeout(() => reject(new Error(`still open; received ${JSON.stringify(received)}`)), 15_000).unref();
  });
}

function get(port: number, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: "/", headers, agent: false }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("slow and oversized clients", () => {
  let listener: RunningListener;

  beforeAll(async () => {
    const ca = await CertificateAuthority.create("azmi slow-client test CA");
    listener = await startListener({
      host: "127.0.0.1",
      port: 0,
      ca,
      timeouts: SHORT,
      // Reads the whole body before it answers, as azmi's areas do.
      app: (req, res) => {
        req.resume();
        req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}'));
      },
    });
  });
  afterAll(() => listener.close(100));

  it("closes a connection that never sends a byte", async () => {
    expect(await closedByServer(listener.port, "")).toBe("");
  });

  it("closes a request whose headers never end", async () => {
    const received = await closedByServer(listener.port, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
    expect(received === "" || received.startsWith("HTTP/1.1 408")).toBe(true);
  });

  it("closes a request whose body never comes", async () => {
    const received = await closedByServer(listener.port, "PUT / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{");
    expect(received === "" || received.startsWith("HTTP/1.1 408")).toBe(true);
  });

  it("closes a TLS handshake that stops after its first byte", async () => {
    expect(await closedByServer(listener.port, "\u0016")).toBe("");
  });

  it("closes a TLS handshake stalled inside a CONNECT tunnel", async () => {
    const received = await closedByServer(
      listener.port,
      "CONNECT management.azure.com:443 HTTP/1.1\r\nHost: management.azure.com:443\r\n\r\n\u0016\u0003\u0001",
    );
    expect(received).toMatch(/^HTTP\/1\.1 200 Connection Established/);
  });

  it("answers 431 in a JSON error envelope to headers past the limit", async () => {
    const answer = await get(listener.port, { "x-big": "b".repeat(MAX_HEADER_BYTES + 1) });
    expect(answer.status).toBe(431);
    expect(JSON.parse(answer.body)).toEqual({ error: { code: "RequestHeaderFieldsTooLarge", message: expect.stringContaining(String(MAX_HEADER_BYTES)) } });
  });

  it("still serves others while slow clients hang on", async () => {
    const hanging = Array.from({ length: 10 }, () => {
      const s = connect(listener.port, "127.0.0.1", () => s.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
      s.on("error", () => undefined);
      return s;
    });
    try {
      expect((await get(listener.port)).status).toBe(200);
      expect((await get(listener.port, { "x-fits": "f".repeat(20_000) })).status).toBe(200);
    } finally {
      for (const s of hanging) s.destroy();
    }
  });
});
