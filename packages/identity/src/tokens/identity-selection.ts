/**
 * Which identity a managed-identity token request is for. A resource asks through its own
 * endpoint; with no selector it gets its system-assigned identity, with one (client id, object
 * id or ARM id) it gets that identity only if the identity is attached to the resource. Anything
 * else is the protocol's "Identity not found": a 400, because SDKs retry 404s but treat a 400 as
 * "this identity is not available here".
 */
import { normalizeKey } from "@azmi/arm-core";
import type { TokenIdentity } from "./managed-identity-token.js";

export type IdentitySelector =
  | { readonly kind: "system" }
  | { readonly kind: "clientId"; readonly value: string }
  | { readonly kind: "principalId"; readonly value: string }
  | { readonly kind: "resourceId"; readonly value: string };

/** The identities a resource holds, as the token endpoint sees them. */
export interface AttachedIdentities {
  readonly systemAssigned?: TokenIdentity;
  readonly userAssigned: readonly TokenIdentity[];
}

/** A failure of an IMDS / App Service endpoint, in the protocol's own {error, error_description} shape. */
export class ManagedIdentityEndpointError extends Error {
  readonly status: number;
  readonly error: string;
  /** The identity asked for is not one the resource holds (App Service words this in its own shape). */
  readonly identityNotFound: boolean;
  constructor(status: number, error: string, description: string, options: { identityNotFound?: boolean } = {}) {
    super(description);
    this.name = "ManagedIdentityEndpointError";
    this.status = status;
    this.error = error;
    this.identityNotFound = options.identityNotFound ?? false;
  }
  toBody(): { error: string; error_description: string } {
    return { error: this.error, error_description: this.message };
  }
}

/** App Service's own answer for an identity the site does not hold (not IMDS's {error, error_description}). */
export const APP_SERVICE_IDENTITY_NOT_FOUND = "Unable to load the proper Managed Identity.";

export function isManagedIdentityEndpointError(value: unknown): value is ManagedIdentityEndpointError {
  return value instanceof ManagedIdentityEndpointError;
}

export const managedIdentityEndpointErrors = {
  identityNotFound: () => new ManagedIdentityEndpointError(400, "invalid_request", "Identity not found", { identityNotFound: true }),
  metadataHeaderMissing: () => new ManagedIdentityEndpointError(400, "invalid_request", "Required metadata header not specified"),
  /** App Service answers a missing or wrong X-IDENTITY-HEADER / secret with 401. */
  secretHeaderInvalid: () => new ManagedIdentityEndpointError(401, "invalid_request", "The request did not carry a valid identity header for this endpoint."),
  resourceMissing: () => new ManagedIdentityEndpointError(400, "invalid_request", "Required query variable 'resource' is missing"),
  apiVersionMissing: () => new ManagedIdentityEndpointError(400, "invalid_request", "Required query variable 'api-version' is missing"),
  invalidApiVersion: (apiVersion: string) => new ManagedIdentityEndpointError(400, "invalid_request", `Invalid api-version '${apiVersion}'.`),
  multipleSelectors: () =>
    new ManagedIdentityEndpointError(
      400,
      "invalid_request",
      "Only one of the identity selectors client_id, object_id/principal_id and msi_res_id/mi_res_id may be given.",
    ),
};

/** The selector named by a request's query, accepting every spelling SDKs send (see tokens-and-graph §1.1, §1.2). */
export function selectorFromQuery(query: URLSearchParams): IdentitySelector {
  const found: IdentitySelector[] = [];
  const first = (...names: string[]) => names.map((n) => query.get(n)).find((v) => v !== null && v !== "");
  const clientId = first("client_id", "clientid");
  const principalId = first("object_id", "principal_id");
  const resourceId = first("msi_res_id", "mi_res_id");
  if (clientId !== undefined && clientId !== null) found.push({ kind: "clientId", value: clientId });
  if (principalId !== undefined && principalId !== null) found.push({ kind: "principalId", value: principalId });
  if (resourceId !== undefined && resourceId !== null) found.push({ kind: "resourceId", value: resourceId });
  if (found.length > 1) throw managedIdentityEndpointErrors.multipleSelectors();
  return found[0] ?? { kind: "system" };
}

function matches(identity: TokenIdentity, selector: Exclude<IdentitySelector, { kind: "system" }>): boolean {
  switch (selector.kind) {
    case "clientId":
      return identity.clientId.toLowerCase() === selector.value.toLowerCase();
    case "principalId":
      return identity.principalId.toLowerCase() === selector.value.toLowerCase();
    case "resourceId":
      return normalizeKey(identity.resourceId) === normalizeKey(selector.value);
  }
}

export function selectIdentity(attached: AttachedIdentities, selector: IdentitySelector): TokenIdentity {
  if (selector.kind === "system") {
    if (attached.systemAssigned !== undefined) return attached.systemAssigned;
    throw managedIdentityEndpointErrors.identityNotFound();
  }
  // IMDS also answers for the system-assigned identity named by its own client or object id.
  const candidates = attached.systemAssigned === undefined ? attached.userAssigned : [attached.systemAssigned, ...attached.userAssigned];
  const hit = candidates.find((identity) => matches(identity, selector));
  if (hit === undefined) throw managedIdentityEndpointErrors.identityNotFound();
  return hit;
}
