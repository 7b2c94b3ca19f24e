/** systemData where the schemas declare it: federated identity credentials (2022-01-31-preview on) and locks (2020-05-01). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";

const rg = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-sd";
const uai = `${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1`;
const systemData = {
  createdBy: expect.any(String),
  createdByType: "Application",
  createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
  lastModifiedBy: expect.any(String),
  lastModifiedByType: "Application",
  lastModifiedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
};

let azmi: TestAzmi;
beforeAll(async () => {
  azmi = await startTestAzmi();
  await azmi.request("PUT", `${rg}?api-version=2021-04-01`, { location: "westeurope" });
  await azmi.request("PUT", `${uai}?api-version=2023-01-31`, { location: "westeurope" });
});
afterAll(() => azmi.stop());

describe("systemData", () => {
  it("is on federated identity credentials from 2022-01-31-preview on, and kept across updates", async () => {
    const fic = `${uai}/federatedIdentityCredentials/github-main`;
    const body = {
      properties: { issuer: "https://token.actions.githubusercontent.com", subject: "repo:o/r:ref:refs/heads/main", audiences: ["api://AzureADTokenExchange"] },
    };
    const created = await azmi.request("PUT", `${fic}?api-version=2023-01-31`, body);
    expect(created.status).toBe(201);
    expect(created.json.systemData).toEqual(systemData);
    const updated = await azmi.request("PUT", `${fic}?api-version=2024-11-30`, {
      ...body,
      properties: { ...body.properties, subject: "repo:o/r:environment:prod" },
    });
    expect(updated.json.systemData.createdAt).toBe(created.json.systemData.createdAt);
    const list = await azmi.request("GET", `${uai}/federatedIdentityCredentials?api-version=2023-01-31`);
    expect(list.json.value[0].systemData).toEqual(systemData);
  });

  it("is on locks at 2020-05-01 and not at 2016-09-01", async () => {
    const lock = `${rg}/providers/Microsoft.Authorization/locks/keep`;
    const created = await azmi.request("PUT", `${lock}?api-version=2020-05-01`, { properties: { level: "CanNotDelete" } });
    expect(created.status).toBe(201);
    expect(created.json.systemData).toEqual(systemData);
    expect((await azmi.request("GET", `${lock}?api-version=2020-05-01`)).json.systemData).toEqual(systemData);
    expect((await azmi.request("GET", `${lock}?api-version=2016-09-01`)).json.systemData).toBeUndefined();
    expect((await azmi.request("DELETE", `${lock}?api-version=2020-05-01`)).status).toBe(200);
  });
});
