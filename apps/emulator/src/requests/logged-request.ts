/**
 * One request as the log keeps it: what was sent and answered, by reference (headers objects,
 * body buffers), so recording costs no copying. What it means (client, caller, refusal) is
 * worked out when it is shown (request-view.ts).
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http";

export interface LoggedRequest {
  /** Epoch milliseconds when the request arrived. */
  readonly at: number;
  readonly method: string;
  /** Path and query as sent. */
  readonly url: string;
  readonly requestHeaders: IncomingHttpHeaders;
  readonly requestBody: Buffer | undefined;
  readonly status: number;
  readonly responseHeaders: OutgoingHttpHeaders;
  /**
   * The first bytes of the answer (see MAX_KEPT_BODY_BYTES); `responseBytes` says how many there
   * were. Put together when first asked for: most entries are never read.
   */
  readonly responseBody: () => Buffer | undefined;
  readonly responseBytes: number;
  readonly durationMs: number;
  /** The client went away before the answer was complete. */
  readonly aborted: boolean;
}

/** Bodies are kept up to this size: enough to read, bounded so 1,000 requests stay small. */
export const MAX_KEPT_BODY_BYTES = 64 * 1024;
