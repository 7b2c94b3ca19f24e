/**
 * --replication-delay over HTTP: a new service principal (of a user-assigned identity, a
 * resource's system-assigned identity, an application) is unknown to role-assignment creation
 * for the delay unless the request states principalType (Azure's documented workaround), and
 * Graph reads miss it unless they send `ConsistencyLevel: eventual`. The delay's clock is the
 * test's, so nothing here waits.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseStartArgs, UsageError } from "../../src/cli-args.js";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";
import { ok } from "../support/token-checks.js";

const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const DELAY = 30_000;

let azmi: TestAzmi;
let clock = Date.parse("2026-01-01T00:00:00Z");
let group: string;

const assignmentBody = (principalId: string, principalType?: string) => ({
  properties: {
    roleDefinitionId: `/subscriptions/${azmi.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${READER}`,
    principalId,
    ...(principalType === undefined ? {} : { principalType }),
  },
});
const assign = (principalId: string, principalType?: string) =>
  azmi.request(
    "PUT",
    `${group}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}?api-version=2022-04-01`,
    assignmentBody(principalId, principalType),
  );
const eventual = { consistencylevel: "eventual" };

async function userAssignedIdentity(name: string): Promise<{ principalId: string; clientId: string }> {
  const body = await ok(azmi, "PUT", `${group}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}?api-version=2023-01-31`, {
    location: "westeurope",
  });
  return { principalId: body.properties.principalId, clientId: body.properties.clientId };
}

function expectPrincipalNotFound(res: { status: number; json: any }, principalId: string): void {
  expect(res.status).toBe(400);
  expect(res.json.error).toEqual({
    code: "PrincipalNotFound",
    message: `Principal ${principalId.replace(/-/g, "")} does not exist in the directory ${azmi.tenantId}. Check that you have the correct principal ID. If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype`,
  });
}

beforeAll(async () => {
  azmi = await startTestAzmi({ config: { replicationDelayMs: DELAY }, delayClock: () => clock });
  group = `/subscriptions/${azmi.subscriptionId}/resourceGroups/rg-replication`;
  await ok(azmi, "PUT", `${group}?api-version=2021-04-01`, { location: "westeurope" });
});
afterAll(() => azmi?.stop());

describe("a new principal during the replication delay", () => {
  it("is PrincipalNotFound to a role assignment without principalType, and assignable with it", async () => {
    const { principalId } = await userAssignedIdentity("uai-new");
    expectPrincipalNotFound(await assign(principalId), principalId);
    const stated = await assign(principalId, "ServicePrincipal");
    expect(stated.status).toBe(201);
    expect(stated.json.properties).toMatchObject({ principalId, principalType: "ServicePrincipal" });
  });

  it("is missing from Graph reads unless they ask for eventual consistency", async () => {
    const { principalId, clientId } = await userAssignedIdentity("uai-graph");
    const byId = await azmi.request("GET", `/v1.0/servicePrincipals/${principalId}`);
    expect(byId.status).toBe(404);
    expect(byId.json.error).toMatchObject({ code: "Request_ResourceNotFound" });
    expect((await azmi.request("GET", `/v1.0/directoryObjects/${principalId}`)).status).toBe(404);
    const filter = `/v1.0/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${clientId}'`)}`;
    expect((await azmi.request("GET", filter)).json.value).toEqual([]);
    expect((await azmi.request("GET", `/v1.0/servicePrincipals(appId='${clientId}')`)).status).toBe(404);
    const listed = await azmi.request("GET", "/v1.0/servicePrincipals?$top=999");
    expect(listed.json.value.map((sp: { id: string }) => sp.id)).not.toContain(principalId);
    expect((await azmi.request("POST", "/v1.0/directoryObjects/getByIds", { ids: [principalId] })).json.value).toEqual([]);

    const eventualById = await azmi.request("GET", `/v1.0/servicePrincipals/${principalId}`, undefined, eventual);
    expect(eventualById.status).toBe(200);
    expect(eventualById.json).toMatchObject({ id: principalId, appId: clientId });
    expect((await azmi.request("GET", filter, undefined, eventual)).json.value.map((sp: { id: string }) => sp.id)).toEqual([principalId]);
    expect((await azmi.request("POST", "/v1.0/directoryObjects/getByIds", { ids: [principalId] }, eventual)).json.value).toHaveLength(1);
  });

  it("holds for a resource's system-assigned identity and an application's principal too", async () => {
    const site = await ok(azmi, "PUT", `${group}/providers/Microsoft.Storage/storageAccounts/stnew?api-version=2023-01-01`, {
      location: "westeurope",
      identity: { type: "SystemAssigned" },
    });
    const systemAssigned = site.identity.principalId as string;
    expectPrincipalNotFound(await assign(systemAssigned), systemAssigned);

    const app = await ok(azmi, "POST", "/v1.0/applications", { displayName: "replicating-app" });
    const sp = await ok(azmi, "POST", "/v1.0/servicePrincipals", { appId: app.appId });
    expectPrincipalNotFound(await assign(sp.id), sp.id);
    expect((await azmi.request("GET", `/v1.0/servicePrincipals/${sp.id}`)).status).toBe(404);
    // The application object itself was not delayed: only new principals are.
    expect((await azmi.request("GET", `/v1.0/applications/${app.id}`)).status).toBe(200);
  });

  it("is found everywhere once the delay has passed", async () => {
    const { principalId, clientId } = await userAssignedIdentity("uai-later");
    expectPrincipalNotFound(await assign(principalId), principalId);
    clock += DELAY - 1;
    expectPrincipalNotFound(await assign(principalId), principalId);
    clock += 1;
    const created = await assign(principalId);
    expect(created.status).toBe(201);
    expect(created.json.properties.principalType).toBe("ServicePrincipal");
    expect((await azmi.request("GET", `/v1.0/servicePrincipals/${principalId}`)).json.appId).toBe(clientId);
  });
});

describe("a template deployment during the replication delay", () => {
  const deploy = async (name: string, template: Record<string, unknown>): Promise<any> => {
    const path = `${group}/providers/Microsoft.Resources/deployments/${name}?api-version=2021-04-01`;
    expect((await azmi.request("PUT", path, { properties: { mode: "Incremental", template } })).status).toBe(201);
    for (let i = 0; i < 200; i++) {
      const res = await azmi.request("GET", path);
      if (!["Accepted", "Running"].includes(res.json?.properties?.provisioningState)) return res.json;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`deployment ${name} did not finish`);
  };
  const identityAndRole = (suffix: string, principalType?: string) => ({
    $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
    contentVersion: "1.0.0.0",
    resources: [
      { type: "Microsoft.ManagedIdentity/userAssignedIdentities", apiVersion: "2023-01-31", name: `bicep-${suffix}`, location: "westeurope" },
      {
        type: "Microsoft.Authorization/roleAssignments",
        apiVersion: "2022-04-01",
        name: `[guid('bicep-${suffix}')]`,
        dependsOn: [`bicep-${suffix}`],
        properties: {
          roleDefinitionId: `[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '${READER}')]`,
          principalId: `[reference('bicep-${suffix}').principalId]`,
          ...(principalType === undefined ? {} : { principalType }),
        },
      },
    ],
  });

  it("fails a role assignment without principalType with PrincipalNotFound, and passes Bicep's principalType", async () => {
    const failed = await deploy("without-type", identityAndRole("untyped"));
    expect(failed.properties.provisioningState).toBe("Failed");
    expect(failed.properties.error.details).toEqual([expect.objectContaining({ code: "PrincipalNotFound" })]);
    const passed = await deploy("with-type", identityAndRole("typed", "ServicePrincipal"));
    expect(passed.properties.provisioningState).toBe("Succeeded");
  });
});

describe("without --replication-delay", () => {
  let plain: TestAzmi;
  beforeAll(async () => {
    plain = await startTestAzmi();
  });
  afterAll(() => plain?.stop());

  it("a new principal is assignable and readable at once", async () => {
    const rg = `/subscriptions/${plain.subscriptionId}/resourceGroups/rg-plain`;
    await ok(plain, "PUT", `${rg}?api-version=2021-04-01`, { location: "westeurope" });
    const uai = await ok(plain, "PUT", `${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai?api-version=2023-01-31`, {
      location: "westeurope",
    });
    const principalId = uai.properties.principalId as string;
    const res = await plain.request("PUT", `${rg}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}?api-version=2022-04-01`, {
      properties: { roleDefinitionId: `/subscriptions/${plain.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${READER}`, principalId },
    });
    expect(res.status).toBe(201);
    expect((await plain.request("GET", `/v1.0/servicePrincipals/${principalId}`)).status).toBe(200);
  });
});

describe("azmi start options", () => {
  it("parses --replication-delay and --rbac-propagation-delay as durations, and refuses anything else", () => {
    expect(parseStartArgs(["--in-memory"])).not.toHaveProperty("replicationDelayMs");
    const parsed = parseStartArgs(["--in-memory", "--replication-delay", "10s", "--rbac-propagation-delay", "500ms"]);
    expect(parsed).toMatchObject({ replicationDelayMs: 10_000, rbacPropagationDelayMs: 500 });
    expect(parseStartArgs(["--in-memory", "--replication-delay", "2m"]).replicationDelayMs).toBe(120_000);
    for (const bad of ["10", "ten seconds", "-1s", "1d"]) {
      expect(() => parseStartArgs(["--in-memory", `--replication-delay=${bad}`])).toThrow(UsageError);
    }
  });
});
