import { MemoryStore, parseResourceId } from "@azmi/arm-core";
import { createRbac } from "@azmi/rbac";
import { exportJWK, generateKeyPair, SignJWT, type JSONWebKeySet, type JWTPayload } from "jose";

export const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
export const SUB = "00000000-0000-0000-0000-0000000000aa";
export const VAULT = `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.KeyVault/vaults/kv1`;
export const SECRET_A = `${VAULT}/secrets/a`;
export const SECRET_B = `${VAULT}/secrets/b`;
export const APP = "11111111-1111-1111-1111-111111111111";
export const USER = "33333333-3333-3333-3333-333333333333";

export const ROLES = {
  owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
  reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
  secretsUser: "4633458b-17de-408a-b874-0445c86b69e6",
  cryptoUser: "12338af0-0e69-4776-bea7-57ae8d297424",
};

export const GET_SECRET = "Microsoft.KeyVault/vaults/secrets/getSecret/action";
export const SET_SECRET = "Microsoft.KeyVault/vaults/secrets/setSecret/action";

export async function signingKeys() {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256", use: "sig" };
  const jwks: JSONWebKeySet = { keys: [jwk] };
  const mint = (claims: JWTPayload, lifetimeSeconds = 3600) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ tid: TENANT, idtyp: "app", ...claims })
      .setProtectedHeader({ alg: "RS256", kid: "k1", typ: "JWT" })
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + lifetimeSeconds)
      .setIssuer(`https://sts.windows.net/${TENANT}/`)
      .sign(privateKey);
  };
  return { jwks, mint };
}

export function world() {
  const rbac = createRbac({
    store: new MemoryStore(),
    tenantId: TENANT,
    scopeExists: () => true,
    findPrincipal: (id) => (id === USER ? { principalType: "User" } : { principalType: "ServicePrincipal" }),
  });
  let n = 0;
  const assign = (scope: string, principalId: string, role: string) =>
    rbac.assignments.createOrUpdate(
      parseResourceId(scope),
      `00000000-0000-4000-8000-${(++n).toString(16).padStart(12, "0")}`,
      { properties: { roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${role}`, principalId } },
      { objectId: null },
    ).assignment;
  return { rbac, assign };
}
