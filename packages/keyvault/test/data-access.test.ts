/** decideDataAccess: which model decides, at which scope RBAC is asked, and how access policies match a caller. */
import { describe, expect, it } from "vitest";
import { dataVaultOf, decideDataAccess, vaultFromPut, type DataAccessRequest, type RbacCheck } from "../src/index.js";

const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const OID = "8d3c3b1e-1111-4e4e-9a9a-000000000001";
const APP = "8d3c3b1e-2222-4e4e-9a9a-000000000002";
const ID = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/KvOne";

function vault(properties: Record<string, unknown>) {
  const stored = vaultFromPut(
    { id: ID, name: "KvOne", apiVersion: "2023-07-01", previous: undefined },
    { location: "westeurope", properties: { tenantId: TENANT, sku: { family: "A", name: "standard" }, accessPolicies: [], ...properties } },
    "westeurope",
    undefined,
  );
  return dataVaultOf(ID, stored);
}

/** An RBAC check that allows exactly the listed action@scope pairs and records what it was asked. */
function rbac(allowed: string[]): { check: RbacCheck; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    check: (_principal, action, scope) => {
      asked.push(`${action}@${scope}`);
      return { allowed: allowed.includes(`${action}@${scope}`), explanation: "no assignment" };
    },
  };
}

const request = (over: Partial<DataAccessRequest>): DataAccessRequest => ({
  vault: vault({ enableRbacAuthorization: true }),
  operation: "getSecret",
  itemName: "db",
  caller: { objectId: OID, tenantId: TENANT },
  checkRbac: rbac([]).check,
  ...over,
});

describe("an RBAC vault", () => {
  it("asks for the operation's data action at the item for item operations and at the vault for collections", () => {
    const r = rbac([`Microsoft.KeyVault/vaults/secrets/getSecret/action@${ID}/secrets/db`]);
    expect(decideDataAccess(request({ checkRbac: r.check })).allowed).toBe(true);
    const list = decideDataAccess(request({ operation: "listSecrets", itemName: undefined, checkRbac: r.check }));
    expect(list.allowed).toBe(false);
    expect(r.asked).toEqual([
      `Microsoft.KeyVault/vaults/secrets/getSecret/action@${ID}/secrets/db`,
      `Microsoft.KeyVault/vaults/secrets/readMetadata/action@${ID}`,
    ]);
  });

  it("refuses with ForbiddenByRbac naming the action and the lower-cased resource, ignoring access policies", () => {
    const decision = decideDataAccess(
      request({
        vault: vault({ enableRbacAuthorization: true, accessPolicies: [{ tenantId: TENANT, objectId: OID, permissions: { secrets: ["all"] } }] }),
        operation: "setSecret",
      }),
    );
    expect(decision.allowed).toBe(false);
    if (decision.allowed) return;
    expect(decision.model).toBe("rbac");
    expect(decision.error).toMatchObject({ status: 403, code: "Forbidden", innerCode: "ForbiddenByRbac" });
    expect(decision.error.message).toContain("Action: 'Microsoft.KeyVault/vaults/secrets/setSecret/action'");
    expect(decision.error.message).toContain(`Resource: '${`${ID}/secrets/db`.toLowerCase()}'`);
  });
});

describe("an access-policy vault", () => {
  const policies = (...accessPolicies: unknown[]) => vault({ enableRbacAuthorization: false, accessPolicies });

  it("grants the permissions of the caller's policy (any case, or 'all'), and never asks RBAC", () => {
    const r = rbac([]);
    const v = policies({ tenantId: TENANT, objectId: OID.toUpperCase(), permissions: { secrets: ["Get", "List"] } });
    expect(decideDataAccess(request({ vault: v, checkRbac: r.check })).allowed).toBe(true);
    expect(decideDataAccess(request({ vault: v, operation: "listSecrets", itemName: undefined, checkRbac: r.check })).allowed).toBe(true);
    expect(decideDataAccess(request({ vault: v, operation: "setSecret", checkRbac: r.check })).allowed).toBe(false);
    expect(
      decideDataAccess(request({ vault: policies({ tenantId: TENANT, objectId: OID, permissions: { secrets: ["all"] } }), operation: "purgeSecret" })).allowed,
    ).toBe(true);
    expect(r.asked).toEqual([]);
  });

  it("matches tenant, and the application of a compound identity", () => {
    expect(
      decideDataAccess(request({ vault: policies({ tenantId: "11111111-1111-1111-1111-111111111111", objectId: OID, permissions: { secrets: ["get"] } }) }))
        .allowed,
    ).toBe(false);
    const compound = policies({ tenantId: TENANT, objectId: OID, applicationId: APP, permissions: { secrets: ["get"] } });
    expect(decideDataAccess(request({ vault: compound })).allowed).toBe(false);
    expect(decideDataAccess(request({ vault: compound, caller: { objectId: OID, tenantId: TENANT, applicationId: APP } })).allowed).toBe(true);
  });

  it("refuses with AccessDenied saying which permission is missing", () => {
    const decision = decideDataAccess(
      request({ vault: policies({ tenantId: TENANT, objectId: OID, permissions: { secrets: ["get"] } }), operation: "deleteSecret" }),
    );
    expect(decision.allowed).toBe(false);
    if (decision.allowed) return;
    expect(decision.error).toMatchObject({ status: 403, innerCode: "AccessDenied" });
    expect(decision.error.message).toContain("does not have secrets delete permission on key vault 'KvOne;location=westeurope'");
  });
});
