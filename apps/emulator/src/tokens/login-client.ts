/**
 * The login token endpoint's client authentication (client_credentials), in both modes: wires
 * the request's credential to @azmi/identity authenticateClient with this emulator's state
 * (client-directory.ts). The token endpoint calls this once per request and issues the token
 * for whatever client it answers.
 */
import { authenticateClient, type AuthenticatedClient } from "@azmi/identity";
import type { Services } from "../services.js";
import { clientDirectory } from "./client-directory.js";

export interface LoginClientRequest {
  readonly clientId: string;
  readonly secret: string | undefined;
  readonly assertion: string | undefined;
  readonly assertionType: string | undefined;
  /** The `{tenant}` path segment as sent, and the tenant id it resolves to. */
  readonly tenant: string;
  readonly tenantId: string;
  /** scheme://host[:port] the client posted to: a certificate assertion's aud names this endpoint. */
  readonly origin: string | undefined;
}

export function tokenEndpointsOf(origin: string | undefined, tenant: string, tenantId: string): string[] {
  const hosts = [origin, "https://login.microsoftonline.com"].filter((h): h is string => h !== undefined);
  const tenants = [...new Set([tenant, tenantId])];
  return hosts.flatMap((host) => tenants.flatMap((t) => [`${host}/${t}/oauth2/v2.0/token`, `${host}/${t}/oauth2/token`]));
}

export async function authenticateLoginClient(services: Services, request: LoginClientRequest): Promise<AuthenticatedClient> {
  const credential =
    request.assertion !== undefined
      ? { kind: "assertion" as const, assertion: request.assertion, assertionType: request.assertionType ?? "" }
      : request.secret !== undefined
        ? { kind: "secret" as const, secret: request.secret }
        : { kind: "none" as const };
  const client = await authenticateClient(clientDirectory(services), {
    clientId: request.clientId,
    tenantId: request.tenantId,
    credential,
    // Only an assertion names an endpoint (its aud); a secret needs none of these strings.
    tokenEndpoints: request.assertion === undefined ? [] : tokenEndpointsOf(request.origin, request.tenant, request.tenantId),
    strict: services.config.authMode === "strict",
  });
  if (client.objectId !== undefined) return client;
  // A registered application's token carries its service principal's object id.
  const principal = services.directory.servicePrincipals.getByAppId(client.clientId);
  return principal === undefined ? client : { ...client, objectId: principal.id };
}
