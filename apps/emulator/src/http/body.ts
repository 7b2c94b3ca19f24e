/**
 * The one body reader: the raw bytes of a request, at most `limitBytes`. A body over the limit
 * (declared or sent) or one that cannot be read (aborted) rejects with a BodyReadError; each
 * dialect turns it into its own error (ARM, Graph, Entra). Written here rather than taken from
 * raw-body: that one carries iconv-lite (a seventh of azmi's bundle, loaded at every start) for
 * charset decoding that azmi never asks of it.
 */
import type { IncomingMessage } from "node:http";
import { bodyReadFrom, rememberBody } from "./read-bodies.js";

export class BodyReadError extends Error {
  /** 413 for a body over the limit, 400 for one that could not be read: the client's fault either way. */
  readonly status: number;
  readonly expose = true;

  constructor(
    readonly tooLarge: boolean,
    readonly limitBytes: number,
    message: string,
  ) {
    super(message);
    this.name = "BodyReadError";
    this.status = tooLarge ? 413 : 400;
  }
}

export async function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const body = await collect(req, limitBytes);
  rememberBody(req, body);
  return body;
}

function collect(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  // Read already (no 'end' would come again): what that read found.
  if (req.readableEnded) return Promise.resolve(bodyReadFrom(req) ?? Buffer.alloc(0));
  return new Promise((resolve, reject) => {
    const tooLarge = () => new BodyReadError(true, limitBytes, `request entity too large (over ${limitBytes} bytes)`);
    const declared = Number(req.headers["content-length"]);
    if (declared > limitBytes) {
      // What is still on its way is read and dropped, so that the answer reaches the client.
      req.resume();
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let received = 0;
    const finish = (error: BodyReadError | undefined) => {
      req.off("data", onData).off("end", onEnd).off("error", onError).off("close", onClose);
      if (error === undefined) resolve(Buffer.concat(chunks, received));
      else {
        req.resume();
        reject(error);
      }
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limitBytes) finish(tooLarge());
      else chunks.push(chunk);
    };
    const onEnd = () => finish(undefined);
    const onError = (error: Error) => finish(new BodyReadError(false, limitBytes, error.message));
    const onClose = () => finish(new BodyReadError(false, limitBytes, "request aborted"));
    req.on("data", onData).on("end", onEnd).on("error", onError).on("close", onClose);
  });
}

/** The body as UTF-8 text. */
export async function readBodyText(req: IncomingMessage, limitBytes: number): Promise<string> {
  return (await readBody(req, limitBytes)).toString("utf8");
}
