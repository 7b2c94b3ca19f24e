/**
 * The one body reader: the raw bytes of a request, at most `limitBytes`. A body over the limit
 * or one that cannot be read (aborted, length mismatch) rejects with a BodyReadError; each
 * dialect turns it into its own error (ARM, Graph, Entra).
 */
import type { IncomingMessage } from "node:http";
import getRawBody from "raw-body";
import { rememberBody } from "./read-bodies.js";

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
  try {
    const body = await getRawBody(req, { limit: limitBytes });
    rememberBody(req, body);
    return body;
  } catch (error) {
    const tooLarge = (error as { type?: string }).type === "entity.too.large";
    throw new BodyReadError(tooLarge, limitBytes, (error as Error).message);
  }
}

/** The body as UTF-8 text. */
export async function readBodyText(req: IncomingMessage, limitBytes: number): Promise<string> {
  return (await readBody(req, limitBytes)).toString("utf8");
}
