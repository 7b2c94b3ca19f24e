/**
 * Helpers for the token tests: verify a token against the JWKS azmi publishes (over HTTP, as a
 * resource server would), set environment variables for SDK credentials and put them back,
 * and create the resources an identity lives on through the ARM API.
 */
import { randomUUID } from "node:crypto";
import { createLocalJWKSet, jwtVerify, type JWTPayload } from "jose";
import type { TestAzmi } from "./azmi.js";

/** The managed-identity variables SDKs read; all cleared before a test sets its own. */
export const IDENTITY_VARIABLES = [
  "IDENTITY_ENDPOINT",
  "IDENTITY_HEADER",
  "IDENTITY_SERVER_THUMBPRINT",
  "IMDS_ENDPOINT",
  "MSI_ENDPOINT",
  "MSI_SECRET",
  "AZURE_POD_IDENTITY_AUTHORITY_HOST",
  "AZURE_FEDERATED_TOKEN_FILE",
  "AZURE_CLIENT_ID",
  "AZURE_TENANT_ID",
  "AZURE_AUTHORITY_HOST",
  "AZURE_CLIENT_SECRET",
  "DEFAULT_IDENTITY_CLIENT_ID",
] as const;

/** Sets `vars` (clearing every other identity variable); returns the function that restores the previous environment. */
export function setIdentityEnvironment(vars: Readonly<Record<string, string>>): () => void {
  const saved = new Map<string, string | undefined>();
  for (const name of new Set<string>([...IDENTITY_VARIABLES, ...Object.keys(vars)])) {
    saved.set(name, process.env[name]);
    delete process.env[name];
  }
  Object.assign(process.env, vars);
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

/** Verifies a token's signature and lifetime with jose against azmi's published JWKS; answers its claims. */
export async function verifyWithAzmiJwks(azmi: TestAzmi, token: string): Promise<JWTPayload> {
  const response = await fetch(`${azmi.url}/${azmi.tenantId}/discovery/v2.0/keys`);
  if (!response.ok) throw new Error(`azmi JWKS answered ${response.status}`);
  const jwks = createLocalJWKSet((await response.json()) as Parameters<typeof createLocalJWKSet>[0]);
  const { payload, protectedHeader } = await jwtVerify(token, jwks, { algorithms: ["RS256"] });
  if (protectedHeader.kid === undefined) throw new Error("azmi token without kid");
  return payload;
}

/** An ARM request that must succeed; `token` is sent as the bearer token (strict mode needs one). */
export async function ok(azmi: TestAzmi, method: string, path: string, body?: unknown, token?: string): Promise<any> {
  const res = await azmi.request(method, path, body, token === undefined ? {} : { authorization: `Bearer ${token}` });
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${res.text}`);
  return res.json;
}

/** Gives a service principal a role (by its GUID) at a scope, through ARM as `token`'s caller. */
export async function assignRole(azmi: TestAzmi, scope: string, role: string, principalId: string, token?: string): Promise<void> {
  await ok(
    azmi,
    "PUT",
    `${scope}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}?api-version=2022-04-01`,
    {
      properties: {
        roleDefinitionId: `/subscriptions/${azmi.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${role}`,
        principalId,
        principalType: "ServicePrincipal",
      },
    },
    token,
  );
}

export interface IdentityFixture {
  readonly groupId: string;
  /** A user-assigned identity attached to the host resource. */
  readonly attached: { id: string; clientId: string; principalId: string };
  /** A user-assigned identity attached to nothing. */
  readonly detached: { id: string; clientId: string; principalId: string };
}

/** A resource group with two user-assigned identities, created through ARM. */
export async function createIdentities(azmi: TestAzmi, group = "rg-tokens", token?: string): Promise<IdentityFixture> {
  const groupId = `/subscriptions/${azmi.subscriptionId}/resourceGroups/${group}`;
  await ok(azmi, "PUT", `${groupId}?api-version=2021-04-01`, { location: "westeurope" }, token);
  const uai = async (name: string) => {
    const id = `${groupId}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
    const body = await ok(azmi, "PUT", `${id}?api-version=2023-01-31`, { location: "westeurope" }, token);
    return { id, clientId: body.properties.clientId as string, principalId: body.properties.principalId as string };
  };
  return { groupId, attached: await uai("uai-attached"), detached: await uai("uai-detached") };
}

export async function identityEnvironmentOf(azmi: TestAzmi, resourceId: string): Promise<Record<string, string>> {
  const res = await azmi.request("GET", `/_azmi/identity-endpoint?resource=${encodeURIComponent(resourceId)}`);
  if (res.status !== 200) throw new Error(`identity-endpoint answered ${res.status}: ${res.text}`);
  return res.json as Record<string, string>;
}
