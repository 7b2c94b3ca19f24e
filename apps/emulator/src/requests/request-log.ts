/**
 * The live request log: the last 1,000 requests azmi finished, in memory (a ring buffer). The
 * listener hands each request to observe() as it arrives, the one place every area's answer
 * passes (ARM's hot path, the token endpoint, Key Vault, Koa); the entry is recorded when the
 * response closes. The console's own pages and polls are left out, or watching the log would
 * fill it.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { bodyReadFrom } from "../http/read-bodies.js";
import { MAX_KEPT_BODY_BYTES, type LoggedRequest } from "./logged-request.js";
import { RingBuffer } from "./ring-buffer.js";

export const REQUESTS_KEPT = 1000;

/** The console's pages, assets and the log's own poll. */
const UNLOGGED = /^\/_azmi\/(console|requests)(\/|$)/i;

export class RequestLog {
  private readonly buffer: RingBuffer<LoggedRequest>;

  constructor(readonly capacity = REQUESTS_KEPT) {
    this.buffer = new RingBuffer(capacity);
  }

  /** Whether a request to this (normalized) path is logged. */
  logs(path: string): boolean {
    return !UNLOGGED.test(path);
  }

  /** Watches the response and records the exchange when it closes. */
  observe(req: IncomingMessage, res: ServerResponse): void {
    const at = Date.now();
    const started = performance.now();
    const answer = captureAnswer(res);
    res.once("close", () => {
      const set = res.getHeaders();
      this.buffer.push({
        at,
        method: req.method ?? "GET",
        url: req.url ?? "/",
        requestHeaders: req.headers,
        requestBody: kept(bodyReadFrom(req)),
        status: res.statusCode,
        // The raw paths set no header but through writeHead: then its headers are the whole answer's.
        responseHeaders: hasNoKeys(set) ? answer.headers : { ...set, ...answer.headers },
        // The captured answer's own function: it holds the kept chunks, not the request or the response.
        responseBody: answer.body,
        responseBytes: answer.bytes,
        durationMs: performance.now() - started,
        aborted: !res.writableFinished,
      });
    });
  }

  get(seq: number): LoggedRequest | undefined {
    return this.buffer.get(seq);
  }

  newestFirst(): Array<{ seq: number; item: LoggedRequest }> {
    return this.buffer.newestFirst();
  }

  lastSeq(): number {
    return this.buffer.lastSeq();
  }

  clear(): void {
    this.buffer.clear();
  }
}

function hasNoKeys(headers: OutgoingHttpHeaders): boolean {
  for (const _ in headers) return false;
  return true;
}

/** At most MAX_KEPT_BODY_BYTES of a request body, copied when cut (a view would keep the whole body, up to 4 MB, alive). */
function kept(body: Buffer | undefined): Buffer | undefined {
  return body === undefined || body.length <= MAX_KEPT_BODY_BYTES ? body : Buffer.from(body.subarray(0, MAX_KEPT_BODY_BYTES));
}

interface CapturedAnswer {
  /** Headers given to writeHead directly, which res.getHeaders() does not see. */
  readonly headers: OutgoingHttpHeaders;
  bytes: number;
  /** The kept bytes, put together on the first call (when the entry is read, if ever). */
  readonly body: () => Buffer | undefined;
}

/**
 * Taps writeHead, write and end of this one response: the headers written directly and the first
 * bytes of the body. A UTF-8 string chunk that fits is kept as the string, turned into bytes only
 * when the entry is read: most answers are one JSON string, copied into a buffer for every request
 * when hardly any entry is ever read.
 */
function captureAnswer(res: ServerResponse): CapturedAnswer {
  const chunks: Array<Buffer | string> = [];
  let kept = 0;
  let body: Buffer | undefined;
  const captured: CapturedAnswer = {
    headers: {},
    bytes: 0,
    body: () => {
      if (body === undefined && chunks.length > 0) body = Buffer.concat(chunks.map((c) => (typeof c === "string" ? Buffer.from(c, "utf8") : c)));
      return body;
    },
  };
  const keep = (chunk: unknown, encoding: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === "function") return;
    const text = typeof chunk === "string" ? chunk : undefined;
    const textEncoding: BufferEncoding = typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8";
    const length = text !== undefined ? Buffer.byteLength(text, textEncoding) : chunk instanceof Uint8Array ? chunk.length : undefined;
    if (length === undefined) return;
    captured.bytes += length;
    if (kept >= MAX_KEPT_BODY_BYTES) return;
    if (text !== undefined && (textEncoding === "utf8" || textEncoding === "utf-8") && length + kept <= MAX_KEPT_BODY_BYTES) {
      chunks.push(text);
      kept += length;
      return;
    }
    const buffer = text !== undefined ? Buffer.from(text, textEncoding) : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    // A copy of the part kept: a view would hold the whole chunk in memory.
    const part = buffer.length + kept > MAX_KEPT_BODY_BYTES ? Buffer.from(buffer.subarray(0, MAX_KEPT_BODY_BYTES - kept)) : buffer;
    chunks.push(part);
    kept += part.length;
  };
  const writeHead = res.writeHead;
  const write = res.write;
  const end = res.end;
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    let headers: object | undefined;
    for (let i = 1; i < args.length && headers === undefined; i++) if (typeof args[i] === "object" && args[i] !== null) headers = args[i] as object;
    if (Array.isArray(headers)) {
      for (let i = 0; i + 1 < headers.length; i += 2) captured.headers[String(headers[i]).toLowerCase()] = headers[i + 1] as string;
    } else if (headers !== undefined) {
      const given = headers as Record<string, string>;
      for (const name of Object.keys(given)) captured.headers[name.toLowerCase()] = given[name];
    }
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as typeof res.writeHead;
  res.write = function (this: ServerResponse, ...args: unknown[]) {
    keep(args[0], args[1]);
    return (write as (...a: unknown[]) => boolean).apply(this, args);
  } as typeof res.write;
  res.end = function (this: ServerResponse, ...args: unknown[]) {
    keep(args[0], args[1]);
    return (end as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as typeof res.end;
  return captured;
}
