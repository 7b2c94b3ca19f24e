/**
 * The one place an ARM answer or failure becomes status + headers + body. Errors a client
 * caused keep their ARM code; anything else is a 500 with a generic message (the stack goes
 * to the log, never to the client).
 */
import { ArmError, armErrors, invalidContentDetail, isArmError, isStoreUnavailable, type ContentIssue } from "@azmi/arm-core";
import { JSON_TYPE, type Rendered } from "../http/answer.js";
import type { ArmResult } from "./contract.js";

export function renderResult(result: ArmResult): Rendered {
  const headers: Record<string, string> = {};
  if (result.headers !== undefined) for (const [name, value] of Object.entries(result.headers)) headers[name.toLowerCase()] = value;
  if (result.body === undefined) return { status: result.status, headers, body: undefined };
  if (typeof result.body === "string" || Buffer.isBuffer(result.body)) {
    headers["content-type"] ??= "text/plain; charset=utf-8";
    return { status: result.status, headers, body: result.body };
  }
  headers["content-type"] = JSON_TYPE;
  return { status: result.status, headers, body: JSON.stringify(result.body) };
}

export function toArmError(error: unknown, log: (message: string) => void = console.error): ArmError {
  if (isArmError(error)) return error;
  const zodIssue = firstZodIssue(error);
  if (zodIssue !== undefined) return armErrors.invalidRequestContent(zodIssue);
  const status = (error as { status?: unknown; expose?: unknown } | null)?.status;
  if (typeof status === "number" && status === 413) return armErrors.requestTooLarge(4 * 1024 * 1024);
  // A client-side failure raised by a body reader (raw-body: aborted, length mismatch): the client's fault, a 400.
  if (typeof status === "number" && status >= 400 && status < 500 && (error as { expose?: unknown }).expose === true) {
    return armErrors.invalidRequestContent(error instanceof Error ? error.message : "The request content is invalid.");
  }
  log(`azmi: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return armErrors.internal();
}

export function renderError(error: unknown, log?: (message: string) => void): Rendered {
  if (isStoreUnavailable(error)) return storeUnavailable(error.retryAfterSeconds);
  const armError = toArmError(error, log);
  return { status: armError.status, headers: { "content-type": JSON_TYPE }, body: JSON.stringify(armError.toBody()) };
}

/** zod errors are recognised by shape so that any copy of zod a handler uses is caught. */
function firstZodIssue(error: unknown): string | undefined {
  if (error === null || typeof error !== "object") return undefined;
  const issues = (error as { issues?: unknown }).issues;
  if ((error as { name?: unknown }).name !== "ZodError" || !Array.isArray(issues) || issues.length === 0) return undefined;
  return invalidContentDetail(issues[0] as ContentIssue);
}

/**
 * The database behind a shared store is out of reach: a 503 the client may retry (Azure's SDKs,
 * az and Terraform all retry a 503 after Retry-After), never a 500, and nothing was changed.
 */
export function storeUnavailable(retryAfterSeconds: number): Rendered {
  const error = new ArmError(503, "ServiceUnavailable", "The service is temporarily unavailable: azmi cannot reach its database. Retry the request later.");
  return { status: 503, headers: { "content-type": JSON_TYPE, "retry-after": String(retryAfterSeconds) }, body: JSON.stringify(error.toBody()) };
}
