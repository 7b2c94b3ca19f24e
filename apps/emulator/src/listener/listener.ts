/**
 * One port, three jobs: plain HTTP, HTTPS (a TLS handshake starts with byte 0x16, so the
 * first byte tells them apart), and an HTTP forward proxy. `CONNECT management.azure.com:443`
 * (or any emulated host) is answered "200 Connection Established", then the tunnel's TLS is
 * terminated here with a leaf certificate for that host, and the requests inside are served
 * by the same app, which routes them by Host. Nothing is ever forwarded to the internet.
 */
import { createServer as createHttpServer, type IncomingMessage, type RequestListener, type ServerResponse } from "node:http";
import { createServer as createNetServer, type AddressInfo, type Socket } from "node:net";
import { createSecureContext, TLSSocket, type SecureContext } from "node:tls";
import type { Duplex } from "node:stream";
import type { CertificateAuthority } from "./certificate-authority.js";
import { isEmulatedHost, LOOPBACK_NAMES, splitHostPort } from "./emulated-hosts.js";

const TLS_HANDSHAKE = 0x16;

/**
 * How long a client may take, so that slow or silent clients cannot hold sockets forever:
 * to send its first byte, to finish a TLS handshake, to send a request's headers, to send a
 * whole request. Tests pass smaller values.
 */
export interface ListenerTimeouts {
  readonly firstByteMs: number;
  readonly tlsHandshakeMs: number;
  readonly headersMs: number;
  readonly requestMs: number;
}

export const DEFAULT_TIMEOUTS: ListenerTimeouts = { firstByteMs: 30_000, tlsHandshakeMs: 10_000, headersMs: 30_000, requestMs: 120_000 };

/**
 * Request headers may total 32 KiB (Node's default is 16 KiB): Entra tokens with many claims and
 * Azure front ends allow that much; beyond it the answer is 431.
 */
export const MAX_HEADER_BYTES = 32 * 1024;

export interface ListenerOptions {
  readonly host: string;
  readonly port: number;
  readonly ca: CertificateAuthority;
  readonly app: RequestListener;
  readonly log?: (message: string) => void;
  readonly timeouts?: Partial<ListenerTimeouts>;
}

export interface RunningListener {
  readonly port: number;
  readonly host: string;
  /** Stop accepting, let in-flight requests finish (up to `graceMs`), then close every connection. */
  close(graceMs?: number): Promise<void>;
}

export async function startListener(options: ListenerOptions): Promise<RunningListener> {
  const { ca, log = () => {} } = options;
  const timeouts: ListenerTimeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const contexts = new Map<string, Promise<SecureContext>>();
  const contextFor = (names: readonly string[]): Promise<SecureContext> => {
    const key = names.join(",");
    let context = contexts.get(key);
    if (context === undefined) {
      context = ca.leafFor(names).then((leaf) => createSecureContext({ cert: leaf.certPem + ca.certPem, key: leaf.keyPem }));
      contexts.set(key, context);
    }
    return context;
  };
  const loopbackNames = [...new Set([...LOOPBACK_NAMES, ...(isWildcard(options.host) ? [] : [options.host])])];
  // Issued when the first TLS client arrives, not at start (see certificate-authority.ts).
  const defaultContext = (): Promise<SecureContext> => contextFor(loopbackNames);

  const sockets = new Set<Socket>();
  let inFlight = 0;
  let closing = false;
  let drained: (() => void) | undefined;

  const http = createHttpServer(
    {
      keepAliveTimeout: 5_000,
      requestTimeout: timeouts.requestMs,
      headersTimeout: timeouts.headersMs,
      // Node checks those two timeouts on this period (30 s by default): keep it well below them.
      connectionsCheckingInterval: Math.max(50, Math.min(timeouts.headersMs, timeouts.requestMs) / 4),
      maxHeaderSize: MAX_HEADER_BYTES,
    },
    (req, res) => {
      inFlight++;
      res.on("close", () => {
        inFlight--;
        if (inFlight === 0) drained?.();
      });
      if (closing) res.setHeader("connection", "close");
      if (!rewriteProxyRequest(req, res)) return;
      options.app(req, res);
    },
  );

  http.on("connect", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const { hostname, port } = splitHostPort(req.url ?? "");
    if (!isEmulatedHost(hostname)) {
      log(`azmi: refused CONNECT ${req.url}`);
      refuse(socket, hostname);
      return;
    }
    socket.write("HTTP/1.1 200 Connection Established\r\nProxy-Agent: azmi\r\n\r\n");
    if (head.length > 0) socket.unshift(head);
    const serverNames = isIpOrLoopback(hostname) ? loopbackNames : [hostname.toLowerCase()];
    void port;
    detect(socket as Socket, serverNames);
  });

  // Any connection silent for this long is closed (e.g. a TLS client that finished its handshake
  // and then sent nothing: the headers timeout only starts with the first HTTP byte).
  http.timeout = timeouts.requestMs;

  // A request Node's parser refuses never reaches the app: answer it here, in the JSON error
  // envelope every Azure front end uses ({"error":{"code","message"}}), and close.
  http.on("clientError", (error: NodeJS.ErrnoException, socket) => {
    if (error.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    socket.end(clientErrorResponse(error.code));
  });

  /** Reads the first byte: TLS gets terminated, anything else is HTTP. */
  function detect(socket: Socket, serverNames: readonly string[] | undefined): void {
    socket.once("error", () => socket.destroy());
    // A client that connects and says nothing must not hold a socket forever.
    socket.setTimeout(timeouts.firstByteMs, () => socket.destroy());
    socket.once("data", (chunk: Buffer) => {
      socket.setTimeout(0);
      socket.pause();
      socket.unshift(chunk);
      // The TLS socket reads the unshifted bytes itself (on its next tick); resuming here would
      // hand them to nobody. The HTTP server only starts reading once resumed.
      if (chunk[0] === TLS_HANDSHAKE) {
        void terminateTls(socket, serverNames);
      } else {
        http.emit("connection", socket);
        socket.resume();
      }
    });
  }

  async function terminateTls(socket: Socket, serverNames: readonly string[] | undefined): Promise<void> {
    // Node's headers and request timeouts start with the first HTTP byte: a handshake that stalls
    // (after its first byte, or half-way) is bounded here, on the raw socket, until it completes.
    socket.setTimeout(timeouts.tlsHandshakeMs, () => socket.destroy());
    let context: SecureContext;
    try {
      context = await (serverNames === undefined ? defaultContext() : contextFor(serverNames));
    } catch (error) {
      log(`azmi: no TLS certificate for ${serverNames?.join(", ") ?? "the loopback names"}: ${String(error)}`);
      socket.destroy();
      return;
    }
    const tlsSocket = new TLSSocket(socket, {
      isServer: true,
      secureContext: context,
      ALPNProtocols: ["http/1.1"],
      // A direct HTTPS client that names an emulated host gets that host's certificate.
      SNICallback: (servername, callback) => {
        const chosen =
          serverNames !== undefined || !isEmulatedHost(servername) || isIpOrLoopback(servername)
            ? Promise.resolve(context)
            : contextFor([servername.toLowerCase()]);
        chosen.then(
          (c) => callback(null, c),
          (error: Error) => callback(error),
        );
      },
    });
    tlsSocket.on("error", () => tlsSocket.destroy());
    tlsSocket.once("secure", () => socket.setTimeout(0));
    http.emit("connection", tlsSocket);
  }

  const tcp = createNetServer({ pauseOnConnect: false }, (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    detect(socket, undefined);
  });

  await new Promise<void>((resolve, reject) => {
    tcp.once("error", reject);
    tcp.listen(options.port, options.host, () => {
      tcp.off("error", reject);
      resolve();
    });
  });
  const address = tcp.address() as AddressInfo;

  return {
    port: address.port,
    host: options.host,
    async close(graceMs = 10_000) {
      closing = true;
      const stopped = new Promise<void>((resolve) => tcp.close(() => resolve()));
      http.closeIdleConnections();
      if (inFlight > 0) {
        await Promise.race([new Promise<void>((resolve) => (drained = resolve)), delay(graceMs)]);
      }
      http.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await stopped;
    },
  };
}

/**
 * A plain-HTTP proxy request carries an absolute URI (`GET http://management.azure.com/...`).
 * Emulated hosts are served as if asked directly; any other host is refused.
 */
function rewriteProxyRequest(req: IncomingMessage, res: ServerResponse): boolean {
  const url = req.url ?? "/";
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return true;
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    res.writeHead(400, { "content-type": "text/plain; charset=utf-8" }).end("Malformed request URI.\n");
    return false;
  }
  if (!isEmulatedHost(target.hostname.replace(/^\[|\]$/g, ""))) {
    res.writeHead(403, { "content-type": "text/plain; charset=utf-8" }).end(refusal(target.hostname));
    return false;
  }
  req.url = `${target.pathname}${target.search}`;
  req.headers.host = target.host;
  return true;
}

function refusal(hostname: string): string {
  return `azmi does not tunnel to the internet: '${hostname}' is not an Azure host azmi emulates. Emulated hosts: management.azure.com, login.microsoftonline.com, login.windows.net, sts.windows.net, graph.microsoft.com, *.vault.azure.net and *.localhost.\n`;
}

function refuse(socket: Duplex, hostname: string): void {
  const body = refusal(hostname);
  socket.end(
    `HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** The raw answer to a request Node's HTTP parser refused, by the parser's error code. */
export function clientErrorResponse(code: string | undefined): string {
  const [status, reason, errorCode, message] =
    code === "HPE_HEADER_OVERFLOW"
      ? [431, "Request Header Fields Too Large", "RequestHeaderFieldsTooLarge", `The request headers exceed the limit of ${MAX_HEADER_BYTES} bytes.`]
      : code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? [408, "Request Timeout", "RequestTimeout", "The client did not send the whole request in time."]
        : [400, "Bad Request", "BadRequest", "The request could not be parsed as HTTP/1.1."];
  const body = JSON.stringify({ error: { code: errorCode, message } });
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

function isWildcard(host: string): boolean {
  return host === "0.0.0.0" || host === "::" || host === "";
}

function isIpOrLoopback(hostname: string): boolean {
  return LOOPBACK_NAMES.includes(hostname.toLowerCase()) || /^[\d.]+$/.test(hostname) || hostname.includes(":");
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
