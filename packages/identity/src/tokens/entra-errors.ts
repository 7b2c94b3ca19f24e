/**
 * The Entra ID (login endpoint) error catalogue. Entra answers token-endpoint failures with an
 * OAuth error string, an AADSTS code inside error_description, and trace fields; clients (MSAL,
 * az, azurerm) show error_description to the user and branch on `error` and the status, so each
 * code carries the status and `error` value Entra pairs it with.
 */
export type EntraErrorName = "invalid_request" | "invalid_client" | "unauthorized_client" | "invalid_grant" | "invalid_scope" | "unsupported_grant_type";

export class EntraError extends Error {
  readonly status: number;
  readonly error: EntraErrorName;
  /** The AADSTS number. */
  readonly code: number;

  constructor(status: number, error: EntraErrorName, code: number, message: string) {
    super(message);
    this.name = "EntraError";
    this.status = status;
    this.error = error;
    this.code = code;
  }
}

export function isEntraError(value: unknown): value is EntraError {
  return value instanceof EntraError;
}

export interface EntraErrorBody {
  error: EntraErrorName;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
}

/** Entra's timestamp format: `2022-10-31 09:03:41Z`. */
export function entraTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace("T", " ")}Z`;
}

/** The JSON body Entra sends, with its `\r\n`-separated trace lines inside error_description. */
export function entraErrorBody(err: EntraError, ids: { traceId: string; correlationId: string }, date: Date = new Date()): EntraErrorBody {
  const timestamp = entraTimestamp(date);
  return {
    error: err.error,
    error_description: `AADSTS${err.code}: ${err.message}\r\nTrace ID: ${ids.traceId}\r\nCorrelation ID: ${ids.correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [err.code],
    timestamp,
    trace_id: ids.traceId,
    correlation_id: ids.correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${err.code}`,
  };
}

const ficDocs = "https://learn.microsoft.com/entra/workload-id/workload-identity-federation";
const ficHint = `Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. ${ficDocs}`;
const certDocs = "Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .";

/** One factory per AADSTS code; status and `error` live beside the code. */
export const entraErrors = {
  tenantNotFound: (tenant: string) =>
    new EntraError(
      400,
      "invalid_request",
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
    ),
  applicationNotFound: (clientId: string, tenantId: string) =>
    new EntraError(
      400,
      "unauthorized_client",
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    ),
  invalidClientSecret: (clientId: string) =>
    new EntraError(
      401,
      "invalid_client",
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
    ),
  expiredClientSecret: (clientId: string, keyId: string) =>
    new EntraError(
      401,
      "invalid_client",
      7000222,
      `The provided client secret keys for app '${clientId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds. Key ID: ${keyId}.`,
    ),
  credentialRequired: () =>
    new EntraError(401, "invalid_client", 7000216, "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type."),
  malformedAssertion: () => new EntraError(400, "invalid_request", 50027, "JWT token is invalid or malformed."),
  unsupportedAssertionType: (type: string) =>
    new EntraError(400, "invalid_request", 900144, `The request body must contain the following parameter: 'client_assertion_type'. Received '${type}'.`),
  assertionClientMismatch: () =>
    new EntraError(401, "invalid_client", 700021, `Client assertion application identifier doesn't match 'client_id' parameter. ${certDocs}`),
  assertionAudienceMismatch: () => new EntraError(401, "invalid_client", 700023, `Client assertion audience claim does not match Realm issuer. ${certDocs}`),
  assertionOutsideValidity: (now: Date, nbf: Date | undefined, exp: Date | undefined) =>
    new EntraError(
      401,
      "invalid_client",
      700024,
      `Client assertion is not within its valid time range. Current time: ${now.toISOString()}, assertion valid from ${nbf?.toISOString() ?? "(not set)"}, expiry time of assertion ${exp?.toISOString() ?? "(not set)"}. ${certDocs}`,
    ),
  assertionSignatureInvalid: (reason: string, clientId: string) =>
    new EntraError(401, "invalid_client", 700027, `Client assertion failed signature validation. [Reason - ${reason}, Client id: '${clientId}'.]`),
  noFederatedRecord: (iss: string, sub: string, aud: string) =>
    new EntraError(
      400,
      "invalid_request",
      70021,
      `No matching federated identity record found for presented assertion. Assertion Issuer: '${iss}'. Assertion Subject: '${sub}'. Assertion Audience: '${aud}'. ${ficDocs}`,
    ),
  federatedIssuerMismatch: (iss: string) =>
    new EntraError(401, "invalid_client", 700211, `No matching federated identity record found for presented assertion issuer '${iss}'. ${ficHint}`),
  federatedAudienceMismatch: (aud: string) =>
    new EntraError(401, "invalid_client", 700212, `No matching federated identity record found for presented assertion audience '${aud}'. ${ficHint}`),
  federatedSubjectMismatch: (sub: string) =>
    new EntraError(401, "invalid_client", 700213, `No matching federated identity record found for presented assertion subject '${sub}'. ${ficHint}`),
  /** The subject equals a record's only when case is ignored: Entra matches case-sensitively since 2024 and says so. */
  federatedSubjectCaseMismatch: (sub: string) =>
    new EntraError(
      401,
      "invalid_client",
      7002138,
      `No matching federated identity record found for presented assertion subject '${sub}'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison. Check your federated identity credential Subject, Audience and Issuer against the presented assertion. See documentation at: ${ficDocs}. See breaking change notification and remediation at: https://learn.microsoft.com/en-us/entra/identity-platform/reference-breaking-changes#august-2024.`,
    ),
  federatedExpressionMismatch: (expression: string) =>
    new EntraError(
      401,
      "invalid_client",
      7002131,
      `No matching federated identity record found for presented assertion. The assertion's claims do not satisfy the claims matching expression '${expression}'. ${ficHint}`,
    ),
  invalidScope: (scope: string) =>
    new EntraError(400, "invalid_scope", 70011, `The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`),
  missingParameter: (name: string) => new EntraError(400, "invalid_request", 900144, `The request body must contain the following parameter: '${name}'.`),
  unsupportedGrantType: (grantType: string) =>
    new EntraError(400, "unsupported_grant_type", 70003, `The app requested an unsupported grant type '${grantType}'.`),
};
