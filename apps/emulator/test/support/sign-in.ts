/**
 * Signing in to a test azmi the ways clients do: client credentials at the login endpoint (the
 * strict-mode operator or any application), and a managed identity's token from the IMDS
 * endpoint of the resource it is attached to. One place, so the strict tests read as scenarios.
 */
import { ClientSecretCredential } from "@azure/identity";
import { DEFAULT_OPERATOR_CLIENT_ID, DEFAULT_OPERATOR_CLIENT_SECRET } from "../../src/tokens/operator.js";
import type { TestAzmi } from "./azmi.js";
import { identityEnvironmentOf } from "./token-checks.js";

export const ARM_SCOPE = "https://management.azure.com/.default";
export const GRAPH_SCOPE = "https://graph.microsoft.com/.default";

/** The login endpoint's raw answer to a client-credentials request, for tests of refusals. */
export function clientCredentialsLogin(azmi: TestAzmi, clientId: string, secret: string, scope: string, tenant = azmi.tenantId): Promise<Response> {
  return fetch(`${azmi.url}/${tenant}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: secret, scope }),
  });
}

/** An application's access token; a refused login fails the test with the endpoint's answer. */
export async function clientToken(azmi: TestAzmi, clientId: string, secret: string, scope: string): Promise<string> {
  const response = await clientCredentialsLogin(azmi, clientId, secret, scope);
  const body = (await response.json()) as { access_token?: string };
  if (body.access_token === undefined) throw new Error(`token endpoint answered ${response.status}: ${JSON.stringify(body)}`);
  return body.access_token;
}

/** The strict-mode operator's access token (Owner of every subscription, Global Administrator). */
export function operatorToken(azmi: TestAzmi, scope: string): Promise<string> {
  return clientToken(azmi, DEFAULT_OPERATOR_CLIENT_ID, DEFAULT_OPERATOR_CLIENT_SECRET, scope);
}

/** An SDK credential for an application, pointed at the test azmi's login endpoint. */
export function credentialOf(azmi: TestAzmi, clientId: string, secret: string): ClientSecretCredential {
  return new ClientSecretCredential(azmi.tenantId, clientId, secret, { authorityHost: azmi.url, disableInstanceDiscovery: true });
}

/** The operator as an SDK credential. */
export function operatorCredential(azmi: TestAzmi): ClientSecretCredential {
  return credentialOf(azmi, DEFAULT_OPERATOR_CLIENT_ID, DEFAULT_OPERATOR_CLIENT_SECRET);
}

/** The token an app on `resourceId` gets from IMDS for `resource`, as its own (or `clientId`'s) identity. */
export async function imdsToken(azmi: TestAzmi, resourceId: string, resource: string, clientId?: string): Promise<string> {
  const base = (await identityEnvironmentOf(azmi, resourceId)).AZURE_POD_IDENTITY_AUTHORITY_HOST!;
  const query = new URLSearchParams({ "api-version": "2018-02-01", resource, ...(clientId === undefined ? {} : { client_id: clientId }) });
  const response = await fetch(`${base}/metadata/identity/oauth2/token?${query}`, { headers: { Metadata: "true" } });
  const body = (await response.json()) as { access_token?: string };
  if (body.access_token === undefined) throw new Error(`IMDS answered ${response.status}: ${JSON.stringify(body)}`);
  return body.access_token;
}
