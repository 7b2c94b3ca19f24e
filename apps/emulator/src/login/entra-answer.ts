/**
 * The one place an Entra ID failure becomes an answer on the login host: Entra's JSON (the
 * AADSTS code inside error_description, trace and correlation ids). Whatever is not an Entra
 * error is left to the caller, which renders it as every other area does.
 */
import { randomUUID } from "node:crypto";
import { entraErrorBody, entraErrors, isEntraError, type EntraError } from "@azmi/identity";
import { BodyReadError } from "../http/body.js";
import { JSON_TYPE, type Rendered } from "../http/answer.js";

/** The login host's ids: Entra echoes client-request-id, or makes one. */
export function loginRequestIds(clientRequestId: string | undefined): { readonly requestId: string; readonly correlationId: string } {
  return { requestId: randomUUID(), correlationId: clientRequestId || randomUUID() };
}

export function entraFailureOf(error: unknown): EntraError | undefined {
  if (isEntraError(error)) return error;
  // A form body over the limit: Entra never reads such a body, and finds no grant_type.
  if (error instanceof BodyReadError && error.tooLarge) return entraErrors.missingParameter("grant_type");
  return undefined;
}

export function entraAnswer(error: EntraError, correlationId: string, headers: Record<string, string> = {}): Rendered {
  return {
    status: error.status,
    headers: { ...headers, "content-type": JSON_TYPE },
    body: JSON.stringify(entraErrorBody(error, { traceId: randomUUID(), correlationId })),
  };
}
