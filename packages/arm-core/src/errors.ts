/**
 * The ARM error catalogue. Every failure a client can cause is an ArmError value carrying
 * Azure's status and code; the emulator renders it once, as {"error":{"code","message"}}.
 */
export interface ArmErrorBody {
  code: string;
  message: string;
  target?: string;
  details?: ArmErrorBody[];
}

export class ArmError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ArmErrorBody[] | undefined;
  readonly target: string | undefined;

  constructor(status: number, code: string, message: string, options: { details?: ArmErrorBody[]; target?: string } = {}) {
    super(message);
    this.name = "ArmError";
    this.status = status;
    this.code = code;
    this.details = options.details;
    this.target = options.target;
  }

  toBody(): { error: ArmErrorBody } {
    const error: ArmErrorBody = { code: this.code, message: this.message };
    if (this.target !== undefined) error.target = this.target;
    if (this.details !== undefined) error.details = this.details;
    return { error };
  }
}

export function isArmError(value: unknown): value is ArmError {
  return value instanceof ArmError;
}

const notFoundFix = "For more details please go to https://aka.ms/ARMResourceNotFoundFix";

/** One factory per code; the status lives beside the code so no caller can pair them wrongly. */
export const armErrors = {
  missingApiVersion: () =>
    new ArmError(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests."),
  invalidApiVersion: (apiVersion: string, resourceType: string, supported: readonly string[]) =>
    new ArmError(
      400,
      "InvalidApiVersionParameter",
      `The api-version '${apiVersion}' is invalid. The supported versions are '${supported.join(",")}'. The resource type is '${resourceType}'.`,
    ),
  noRegisteredProviderFound: (apiVersion: string, resourceType: string, supported: readonly string[]) =>
    new ArmError(
      400,
      "NoRegisteredProviderFound",
      `No registered resource provider found for location 'global' and API version '${apiVersion}' for type '${resourceType}'. The supported api-versions are '${supported.join(", ")}'.`,
    ),
  invalidResourceNamespace: (namespace: string) =>
    new ArmError(404, "InvalidResourceNamespace", `The resource namespace '${namespace}' is invalid.`),
  invalidResourceType: (resourceType: string, namespace: string, apiVersion: string) =>
    new ArmError(
      404,
      "InvalidResourceType",
      `The resource type '${resourceType}' could not be found in the namespace '${namespace}' for api version '${apiVersion}'.`,
    ),
  resourceNotFound: (resourceType: string, name: string, resourceGroup?: string) =>
    new ArmError(
      404,
      "ResourceNotFound",
      resourceGroup === undefined
        ? `The Resource '${resourceType}/${name}' was not found. ${notFoundFix}`
        : `The Resource '${resourceType}/${name}' under resource group '${resourceGroup}' was not found. ${notFoundFix}`,
    ),
  resourceGroupNotFound: (name: string) =>
    new ArmError(404, "ResourceGroupNotFound", `Resource group '${name}' could not be found.`),
  subscriptionNotFound: (subscriptionId: string) =>
    new ArmError(404, "SubscriptionNotFound", `The subscription '${subscriptionId}' could not be found.`),
  invalidRequestContent: (detail: string) =>
    new ArmError(400, "InvalidRequestContent", `The request content was invalid and could not be deserialized: '${detail}'.`),
  invalidRequestFormat: (detail: string) => new ArmError(400, "InvalidRequestFormat", detail),
  invalidResourceName: (name: string, resourceType: string, rule?: string) =>
    new ArmError(
      400,
      "InvalidResourceName",
      `Resource name '${name}' is invalid for type '${resourceType}'.${rule === undefined ? "" : ` ${rule}`}`,
    ),
  invalidResourceId: (id: string) =>
    new ArmError(400, "LinkedInvalidPropertyId", `Property id '${id}' at path '' is invalid. Expect fully qualified resource Id that start with '/subscriptions/{subscriptionId}' or '/providers/{resourceProviderNamespace}/'.`),
  locationRequired: () => new ArmError(400, "LocationRequired", "The location property is required for this definition."),
  authorizationFailed: (clientId: string, objectId: string, action: string, scope: string) =>
    new ArmError(
      403,
      "AuthorizationFailed",
      `The client '${clientId}' with object id '${objectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    ),
  invalidAuthenticationToken: (reason: string) =>
    new ArmError(401, "InvalidAuthenticationToken", `The access token is invalid. ${reason}`),
  authenticationFailed: () =>
    new ArmError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing."),
  scopeLocked: (scope: string, operation: "delete" | "write", lockedScopes: readonly string[]) =>
    new ArmError(
      409,
      "ScopeLocked",
      `The scope '${scope}' cannot perform ${operation} operation because following scope(s) are locked: ${lockedScopes
        .map((s) => `'${s}'`)
        .join(", ")}. Please remove the lock and try again.`,
    ),
  conflict: (message: string) => new ArmError(409, "Conflict", message),
  badRequest: (code: string, message: string) => new ArmError(400, code, message),
  notFound: (code: string, message: string) => new ArmError(404, code, message),
  requestTooLarge: (limitBytes: number) =>
    new ArmError(413, "RequestEntityTooLarge", `The request content length exceeds the limit of ${limitBytes} bytes.`),
  methodNotAllowed: (method: string, path: string) =>
    new ArmError(405, "MethodNotAllowed", `The requested method '${method}' is not allowed for '${path}'.`),
  internal: (message = "The server encountered an internal error.") => new ArmError(500, "InternalServerError", message),
};
