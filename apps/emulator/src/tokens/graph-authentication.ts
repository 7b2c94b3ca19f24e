/**
 * Strict mode on Microsoft Graph: every request needs an azmi token for Graph. A rejection is
 * answered with Graph's own 401 (code InvalidAuthenticationToken, Graph's messages), not ARM's.
 * Permissive mode lets everything through, as the paid emulator does.
 */
import { GRAPH_AUDIENCES } from "@azmi/identity";
import type { Services } from "../services.js";
import { bearerToken } from "../arm/steps/caller.js";
import { verifyBearer } from "./bearer-verification.js";

export interface GraphRejection {
  readonly status: 401;
  readonly code: "InvalidAuthenticationToken";
  readonly message: string;
}

export async function graphAuthenticationFailure(services: Services, authorization: string | undefined): Promise<GraphRejection | undefined> {
  if (services.config.authMode !== "strict") return undefined;
  const verdict = await verifyBearer(services, bearerToken(authorization), GRAPH_AUDIENCES);
  if (verdict.ok) return undefined;
  const reject = (message: string): GraphRejection => ({ status: 401, code: "InvalidAuthenticationToken", message });
  switch (verdict.reason) {
    case "missing":
      return reject("Access token is empty.");
    case "expired":
      return reject("Lifetime validation failed, the token is expired.");
    case "audience":
      return reject("Access token validation failure. Invalid audience.");
    case "notYetValid":
      return reject("Lifetime validation failed, the token is not yet valid.");
    case "signature":
    case "malformed":
      return reject("Access token validation failure.");
  }
}
