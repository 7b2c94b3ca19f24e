/**
 * Wire checks of ARM errors Azure answers and azmi once did not (issue 16): a resource in a
 * missing group, an api-version a provider's type does not accept.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";

const sub = "/subscriptions/00000000-0000-0000-0000-000000000000";
const missing = `${sub}/resourceGroups/no-such-group`;

describe("ARM errors as Azure tells them", () => {
  let azmi: TestAzmi;
  beforeAll(async () => {
    azmi = await startTestAzmi();
    expect((await azmi.request("PUT", `${sub}/resourceGroups/rg?api-version=2021-04-01`, { location: "westeurope" })).status).toBe(201);
  });
  afterAll(() => azmi.stop());

  it.each([
    ["GET", `${missing}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1?api-version=2023-01-31`],
    ["GET", `${missing}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1/federatedIdentityCredentials/f?api-version=2023-01-31`],
    ["GET", `${missing}/providers/Microsoft.ManagedIdentity/userAssignedIdentities?api-version=2023-01-31`],
    ["GET", `${missing}/providers/Microsoft.Web/sites/web1?api-version=2022-03-01`],
    ["GET", `${missing}/providers/Microsoft.Web/serverfarms/plan1?api-version=2022-03-01`],
    ["GET", `${missing}/providers/Microsoft.Storage/storageAccounts/acct1?api-version=2023-01-01`],
    ["GET", `${missing}/providers/Microsoft.Authorization/locks/l1?api-version=2020-05-01`],
    ["GET", `${missing}/providers/Microsoft.Resources/deployments/d1?api-version=2021-04-01`],
    ["GET", `${missing}/resources?api-version=2021-04-01`],
    ["PUT", `${missing}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1?api-version=2023-01-31`],
    ["DELETE", `${missing}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1?api-version=2023-01-31`],
  ])("%s %s in a missing group is 404 ResourceGroupNotFound", async (method, path) => {
    const res = await azmi.request(method, path, method === "PUT" ? { location: "westeurope" } : undefined);
    expect(res.status).toBe(404);
    expect(res.json.error).toEqual({ code: "ResourceGroupNotFound", message: "Resource group 'no-such-group' could not be found." });
  });

  it("a missing resource in an existing group stays ResourceNotFound", async () => {
    const res = await azmi.request("GET", `${sub}/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/nope?api-version=2023-01-31`);
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("ResourceNotFound");
  });

  it("an api-version a provider's type does not accept is 400 NoRegisteredProviderFound naming versions and locations", async () => {
    const res = await azmi.request("GET", `${sub}/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1?api-version=2099-01-01`);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("NoRegisteredProviderFound");
    const message: string = res.json.error.message;
    expect(message).toMatch(
      /^No registered resource provider found for location 'westeurope' and API version '2099-01-01' for type 'userAssignedIdentities'\. The supported api-versions are '([^']+)'\. The supported locations are '([^']+)'\.$/,
    );
    const versions = /api-versions are '([^']+)'/.exec(message)![1]!.split(", ");
    expect(versions).toContain("2023-01-31");
    expect(versions).toEqual([...versions].sort());
    expect(/locations are '([^']+)'/.exec(message)![1]!.split(", ")).toContain("westeurope");
  });

  it("Microsoft.Authorization types are global: location 'global', no locations", async () => {
    const res = await azmi.request("GET", `${sub}/providers/Microsoft.Authorization/roleAssignments?api-version=2099-01-01`);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("NoRegisteredProviderFound");
    expect(res.json.error.message).toContain("for location 'global' and API version '2099-01-01' for type 'roleAssignments'");
    expect(res.json.error.message).toMatch(/The supported locations are ''\.$/);
  });

  it("keeps InvalidApiVersionParameter for a malformed version and for Resource Manager's own types", async () => {
    const malformed = await azmi.request("GET", `${sub}/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1?api-version=latest`);
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.code).toBe("InvalidApiVersionParameter");
    const group = await azmi.request("GET", `${sub}/resourceGroups/rg?api-version=2099-01-01`);
    expect(group.status).toBe(400);
    expect(group.json.error.code).toBe("InvalidApiVersionParameter");
  });
});
