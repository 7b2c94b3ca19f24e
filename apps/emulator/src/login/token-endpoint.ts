/**
 * `POST /{tenant}/oauth2/v2.0/token` and the v1 `POST /{tenant}/oauth2/token`: client
 * credentials with a secret (form field or HTTP Basic) or a client assertion. Permissive mode
 * accepts any client id and secret. The answer's shape follows the endpoint version: v2 has
 * numbers, v1 has strings plus expires_on, not_before and resource.
 */
import {
  audienceFromResource,
  audienceFromScope,
  clientObjectId,
  entraErrors,
  grantClaims,
  issueAppToken,
  type AuthenticatedClient,
  type IssuedToken,
} from "@azmi/identity";
import type { Services } from "../services.js";
import { resolveTenantId, WELL_KNOWN_TENANTS } from "./documents.js";
import { authenticateLoginClient } from "../tokens/login-client.js";

export type TokenEndpointVersion = "v1" | "v2";

export interface TokenEndpointRequest {
  readonly version: TokenEndpointVersion;
  /** The `{tenant}` path segment as sent. */
  readonly tenant: string;
  readonly form: URLSearchParams;
  /** The Authorization header, for client_secret_basic. */
  readonly authorization: string | undefined;
  /** scheme://host[:port] the client posted to (the aud of a certificate assertion). */
  readonly origin?: string;
}

interface ClientCredentials {
  readonly clientId: string;
  readonly secret: string | undefined;
  readonly assertion: string | undefined;
}

/** One token request on its way through the steps below; each reads what earlier ones filled in. */
interface TokenExchange {
  readonly services: Services;
  readonly request: TokenEndpointRequest;
  client?: ClientCredentials;
  audience?: string;
  tenantId?: string;
  authenticated?: AuthenticatedClient;
  token?: IssuedToken;
}

type TokenStep = (exchange: TokenExchange) => void | Promise<void>;

/** The token endpoint, top to bottom; a step that throws an Entra error ends the request (entra-answer.ts renders it). */
export const tokenSteps: ReadonlyArray<{ readonly name: string; readonly run: TokenStep }> = [
  { name: "grant type (client_credentials only)", run: checkGrantType },
  { name: "tenant (not a well-known alias; in strict mode, the one azmi serves)", run: checkTenant },
  { name: "client credentials (form or HTTP Basic)", run: readClientCredentials },
  { name: "audience (v2 scope, v1 resource)", run: readAudience },
  { name: "client authentication (secret, certificate or federated assertion)", run: authenticateClient },
  { name: "token", run: issueToken },
];

export async function answerTokenRequest(services: Services, request: TokenEndpointRequest): Promise<Record<string, unknown>> {
  const exchange: TokenExchange = { services, request };
  for (const step of tokenSteps) {
    const pending = step.run(exchange);
    if (pending !== undefined) await pending;
  }
  return request.version === "v2" ? v2Answer(exchange.token!) : v1Answer(exchange.token!, exchange.audience!);
}

function checkGrantType({ request }: TokenExchange): void {
  const grantType = request.form.get("grant_type");
  if (grantType === null || grantType === "") throw entraErrors.missingParameter("grant_type");
  if (grantType !== "client_credentials") throw entraErrors.unsupportedGrantType(grantType);
}

/**
 * Entra issues client-credential tokens only for a tenant it holds. azmi holds one (--tenant):
 * in strict mode any other tenant id is not found, so no token of a tenant azmi does not serve
 * exists. Permissive mode issues tokens for any tenant id so that configurations written for a
 * real tenant run unchanged (ARM then does not check tokens at all).
 */
function checkTenant({ request, services }: TokenExchange): void {
  if (WELL_KNOWN_TENANTS.has(request.tenant.toLowerCase())) throw entraErrors.tenantNotFound(request.tenant);
  if (services.config.authMode !== "strict") return;
  const tenantId = resolveTenantId(request.tenant, services.config.tenantId);
  if (tenantId !== services.config.tenantId.toLowerCase()) throw entraErrors.tenantNotFound(request.tenant);
}

function readClientCredentials(exchange: TokenExchange): void {
  exchange.client = clientCredentials(exchange.request.form, exchange.request.authorization);
}

function readAudience(exchange: TokenExchange): void {
  exchange.audience = requestedAudience(exchange.request.form, exchange.request.version);
}

/** Who the client is (secret, certificate or federated assertion; strict or permissive): tokens/login-client.ts. */
async function authenticateClient(exchange: TokenExchange): Promise<void> {
  const { services, request } = exchange;
  exchange.tenantId = resolveTenantId(request.tenant, services.config.tenantId);
  exchange.authenticated = await authenticateLoginClient(services, {
    ...exchange.client!,
    assertionType: request.form.get("client_assertion_type") ?? undefined,
    tenant: request.tenant,
    tenantId: exchange.tenantId,
    origin: request.origin,
  });
}

async function issueToken(exchange: TokenExchange): Promise<void> {
  const authenticated = exchange.authenticated!;
  const objectId = authenticated.objectId ?? clientObjectId(exchange.tenantId!, authenticated.clientId);
  // What the directory grants this principal (app roles on the audience's resource, directory roles).
  const grants = grantClaims(exchange.services.directory, objectId, exchange.audience!);
  exchange.token = await issueAppToken(exchange.services.signingKeys, {
    now: exchange.services.tokens.revocations.issueTime(objectId, Math.floor(Date.now() / 1000)),
    tenantId: exchange.tenantId!,
    clientId: authenticated.clientId,
    audience: exchange.audience!,
    appidacr: authenticated.appidacr,
    objectId,
    extraClaims: { ...authenticated.extraClaims, ...grants },
  });
}

function clientCredentials(form: URLSearchParams, authorization: string | undefined): ClientCredentials {
  const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? "");
  let basicId: string | undefined;
  let basicSecret: string | undefined;
  if (basic !== null) {
    const decoded = Buffer.from(basic[1]!, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon > 0) {
      basicId = decodedOrAsSent(decoded.slice(0, colon));
      basicSecret = decodedOrAsSent(decoded.slice(colon + 1));
    }
  }
  const clientId = form.get("client_id") || basicId;
  if (clientId === undefined || clientId === "") throw entraErrors.missingParameter("client_id");
  const secret = form.get("client_secret") || basicSecret || undefined;
  const assertion = form.get("client_assertion") || undefined;
  if (secret === undefined && assertion === undefined) throw entraErrors.credentialRequired();
  return { clientId, secret, assertion };
}

/**
 * Percent-decoded, or as sent when an escape is malformed (never a 500): client_secret_basic
 * encodes id and secret (RFC 6749 2.3.1), and the token path's tenant segment arrives encoded.
 */
export function decodedOrAsSent(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** v2 names the resource in `scope` (`X/.default`); v1 in `resource` (MSAL in ADFS mode sends scope to v1). */
function requestedAudience(form: URLSearchParams, version: TokenEndpointVersion): string {
  const scope = form.get("scope");
  const resource = form.get("resource");
  if (version === "v1" && resource !== null && resource.trim() !== "") return audienceFromResource(resource);
  if (scope === null || scope.trim() === "") throw entraErrors.missingParameter(version === "v1" ? "resource" : "scope");
  const audience = audienceFromScope(scope);
  if (audience === undefined) throw entraErrors.invalidScope(scope);
  return audience;
}

function v2Answer(token: IssuedToken): Record<string, unknown> {
  return { token_type: "Bearer", expires_in: token.expiresIn, ext_expires_in: token.expiresIn, access_token: token.accessToken };
}

function v1Answer(token: IssuedToken, resource: string): Record<string, unknown> {
  return {
    token_type: "Bearer",
    expires_in: String(token.expiresIn),
    ext_expires_in: String(token.expiresIn),
    expires_on: String(token.expiresOn),
    not_before: String(token.notBefore),
    resource,
    access_token: token.accessToken,
  };
}
