/**
 * An answer as every dialect renders it (status, headers, body text), and the two ways it is
 * written: on a bare node:http response (the paths that skip Koa) and on a Koa context.
 */
import { armErrors } from "@azmi/arm-core";
import type Koa from "koa";
import type { IncomingMessage, ServerResponse } from "node:http";
import { writeAtTurnEnd } from "./turn-writes.js";

export interface Rendered {
  readonly status: number;
  readonly headers: Record<string, string>;
  /** JSON text, raw text, or nothing. */
  readonly body: string | Buffer | undefined;
}

export const JSON_TYPE = "application/json; charset=utf-8";

const EMPTY_STATUSES: ReadonlySet<number> = new Set([204, 205, 304]);

/**
 * What Koa's respond() would do: no body for 204/205/304 and HEAD, a content-length always.
 * The answer is this request's own, made for it alone: its headers are written as they are, not
 * copied. Written when this turn of the event loop ends, with the others of the turn (turn-writes.ts).
 */
export function writeRawAnswer(req: IncomingMessage, res: ServerResponse, answer: Rendered): void {
  writeAtTurnEnd(() => {
    try {
      writeNow(req, res, answer);
    } catch {
      failedWhileWriting(res);
    }
  });
}

/** What is left to do when writing an answer failed: a 500 if nothing was sent yet, else a cut connection. */
export function failedWhileWriting(res: ServerResponse): void {
  if (res.headersSent) res.destroy();
  else res.writeHead(500, { "content-type": JSON_TYPE }).end(JSON.stringify(armErrors.internal().toBody()));
}

function writeNow(req: IncomingMessage, res: ServerResponse, answer: Rendered): void {
  if (res.headersSent || res.writableEnded || res.destroyed) return;
  const headers: Record<string, string | number> = answer.headers;
  const body = answer.body;
  if (EMPTY_STATUSES.has(answer.status) || body === undefined) {
    delete headers["content-type"];
    delete headers["transfer-encoding"];
    delete headers["content-length"];
    if (!EMPTY_STATUSES.has(answer.status)) headers["content-length"] = 0;
    res.writeHead(answer.status, headers).end();
    return;
  }
  headers["content-length"] = typeof body === "string" ? Buffer.byteLength(body) : body.length;
  res.writeHead(answer.status, headers);
  if (req.method === "HEAD") res.end();
  else res.end(body);
}

export function writeAnswer(ctx: Koa.Context, answer: Rendered): void {
  // Headers first: with its content-type already set, Koa does not sniff the body for one.
  for (const [name, value] of Object.entries(answer.headers)) ctx.set(name, value);
  if (answer.body === undefined) {
    // An explicit null body: Koa would otherwise answer its status text ("Accepted") as the body.
    ctx.body = null;
    ctx.status = answer.status;
  } else {
    ctx.status = answer.status;
    ctx.body = answer.body;
  }
}
