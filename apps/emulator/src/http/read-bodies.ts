/**
 * The body each request's reader read, kept beside the request (weakly: it goes with the
 * request) so the request log can show it without reading the stream a second time.
 */
import type { IncomingMessage } from "node:http";

const bodies = new WeakMap<IncomingMessage, Buffer>();

export function rememberBody(req: IncomingMessage, body: Buffer): void {
  bodies.set(req, body);
}

export function bodyReadFrom(req: IncomingMessage): Buffer | undefined {
  return bodies.get(req);
}
