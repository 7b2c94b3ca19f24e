/**
 * Microsoft Graph authorizes every request as Entra ID does, written from the attacker's side.
 * The victim's set-up (done by the strict-mode operator, Global Administrator): an application
 * "deployer" whose service principal is Owner of the subscription, and a VM with a
 * system-assigned identity. The attacker knows only the VM's id. Then, one permission kind at a
 * time, the same Graph steps are allowed exactly when Entra would allow them: application
 * permissions granted through appRoleAssignments (the `roles` claim), Application.ReadWrite.OwnedBy
 * on owned applications, and directory roles (the `wids` claim). Grants are made where a user
 * makes them, through the Microsoft Graph JS client.
 */
import { Client, GraphError as ClientGraphError } from "@microsoft/microsoft-graph-client";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";
import { ARM_SCOPE, clientCredentialsLogin, clientToken, GRAPH_SCOPE, imdsToken, operatorToken } from "../support/sign-in.js";
import { ok } from "../support/token-checks.js";

const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
const APPLICATION_READWRITE_ALL = "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9";
const APPLICATION_READWRITE_OWNEDBY = "18a4783c-866b-4cc7-a460-3d5e5662c884";
const APPROLEASSIGNMENT_READWRITE_ALL = "06b708a9-e830-4db3-a914-8e69da51d44f";
const USER_READWRITE_ALL = "741f803b-c850-494e-b5df-cde7c675a1ca";
const GROUP_READWRITE_ALL = "62a82d76-70ea-41e2-9197-370581804d09";
const GLOBAL_ADMINISTRATOR = "62e90394-69f5-4237-9190-012177145e10";
const APPLICATION_ADMINISTRATOR = "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3";
const PRIVILEGED_ROLE_ADMINISTRATOR = "e8611ab8-c189-46e8-94e1-60213ab1f814";
const DIRECTORY_READERS = "88d8e3e3-8f55-4a1e-953a-9b9898b8876b";
const OWNER = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
const GRAPH = "https://graph.microsoft.com";

let azmi: TestAzmi;
let operatorGraph: Client;
let graphPrincipalId: string;
let deployer: { id: string; appId: string; principalId: string };
let vmId: string;
let vmPrincipalId: string;

const identityToken = (resourceId: string, resource = GRAPH) => imdsToken(azmi, resourceId, resource);

function graphClient(token: string): Client {
  return Client.init({ authProvider: (done) => done(null, token), baseUrl: azmi.url, customHosts: new Set(["127.0.0.1"]) });
}

async function refused(promise: Promise<unknown>): Promise<ClientGraphError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ClientGraphError) return error;
    throw error;
  }
  throw new Error("expected Graph to refuse the request");
}

const graphAs = (token: string, method: string, path: string, body?: unknown) =>
  azmi.request(method, `/v1.0${path}`, body, { authorization: `Bearer ${token}` });

/** Grants a Graph application permission to a principal, as an administrator does with the Graph SDK. */
async function grantGraphPermission(principalId: string, appRoleId: string): Promise<string> {
  const created = await operatorGraph
    .api(`/servicePrincipals/${principalId}/appRoleAssignments`)
    .post({ principalId, resourceId: graphPrincipalId, appRoleId });
  return created.id as string;
}

async function assignDirectoryRole(principalId: string, roleDefinitionId: string): Promise<string> {
  const created = await operatorGraph.api("/roleManagement/directory/roleAssignments").post({
    "@odata.type": "#microsoft.graph.unifiedRoleAssignment",
    principalId,
    roleDefinitionId,
    directoryScopeId: "/",
  });
  return created.id as string;
}

beforeAll(async () => {
  azmi = await startTestAzmi({ config: { authMode: "strict" } });
  const armToken = await operatorToken(azmi, ARM_SCOPE);
  operatorGraph = graphClient(await operatorToken(azmi, GRAPH_SCOPE));
  graphPrincipalId = (await operatorGraph.api(`/servicePrincipals(appId='${GRAPH_APP_ID}')`).get()).id;

  // The victim's pipeline application, Owner of the subscription.
  const app = await operatorGraph.api("/applications").post({ displayName: "deployer" });
  const sp = await operatorGraph.api("/servicePrincipals").post({ appId: app.appId });
  deployer = { id: app.id, appId: app.appId, principalId: sp.id };
  const subscription = `/subscriptions/${azmi.subscriptionId}`;
  await ok(
    azmi,
    "PUT",
    `${subscription}/providers/Microsoft.Authorization/roleAssignments/6a0b3c1e-2f4d-4e5a-9b8c-7d6e5f4a3b2c?api-version=2022-04-01`,
    {
      properties: {
        roleDefinitionId: `${subscription}/providers/Microsoft.Authorization/roleDefinitions/${OWNER}`,
        principalId: sp.id,
        principalType: "ServicePrincipal",
      },
    },
    armToken,
  );

  // A VM with a system-assigned identity: its id is all the attacker has.
  const group = `${subscription}/resourceGroups/rg-graph-authz`;
  await ok(azmi, "PUT", `${group}?api-version=2021-04-01`, { location: "westeurope" }, armToken);
  vmId = `${group}/providers/Microsoft.Compute/virtualMachines/vm`;
  const vm = await ok(azmi, "PUT", `${vmId}?api-version=2024-07-01`, { location: "westeurope", identity: { type: "SystemAssigned" } }, armToken);
  vmPrincipalId = vm.identity.principalId;
});

afterAll(async () => {
  await azmi?.stop();
});

describe("the escalation chain from a resource id", () => {
  it("ends at the Graph step: the VM's identity may not add a password to the Owner application", async () => {
    const token = await identityToken(vmId);
    expect(decodeJwt(token)).toMatchObject({ aud: GRAPH, oid: vmPrincipalId });
    expect(decodeJwt(token).roles).toBeUndefined();

    const added = await graphAs(token, "POST", `/applications/${deployer.id}/addPassword`, { passwordCredential: { displayName: "pwned" } });
    expect(added.status).toBe(403);
    expect(added.json.error).toMatchObject({ code: "Authorization_RequestDenied", message: "Insufficient privileges to complete the operation." });
    expect(added.json.error.innerError["request-id"]).toBe(added.headers.get("request-id"));
    expect(added.headers.get("x-azmi-authorization")).toMatch(/^denied: applications\.credentials needs .*Application\.ReadWrite\.All/);

    // A refused request changes nothing: no credential, and the application still cannot sign in with a made-up secret.
    const application = await operatorGraph.api(`/applications/${deployer.id}`).get();
    expect(application.passwordCredentials).toEqual([]);
    const login = await clientCredentialsLogin(azmi, deployer.appId, "guess", ARM_SCOPE);
    expect(login.status).toBe(401);
  });

  it("does not even let the identity list applications, change them, or grant itself a Graph permission", async () => {
    const token = await identityToken(vmId);
    const graph = graphClient(token);
    expect((await refused(graph.api("/applications").get())).statusCode).toBe(403);
    expect((await refused(graph.api(`/applications/${deployer.id}`).patch({ displayName: "mine" }))).code).toBe("Authorization_RequestDenied");
    const grant = await refused(
      graph
        .api(`/servicePrincipals/${vmPrincipalId}/appRoleAssignments`)
        .post({ principalId: vmPrincipalId, resourceId: graphPrincipalId, appRoleId: APPLICATION_READWRITE_ALL }),
    );
    expect([grant.statusCode, grant.code]).toEqual([403, "Authorization_RequestDenied"]);
    const role = await refused(
      graph
        .api("/roleManagement/directory/roleAssignments")
        .post({ principalId: vmPrincipalId, roleDefinitionId: GLOBAL_ADMINISTRATOR, directoryScopeId: "/" }),
    );
    expect(role.statusCode).toBe(403);
    expect(await operatorGraph.api(`/servicePrincipals/${vmPrincipalId}/appRoleAssignments`).get()).toMatchObject({ value: [] });
  });
});

describe("application permissions (appRoleAssignments, the roles claim)", () => {
  it("Application.ReadWrite.All lets an identity add a password, and stops doing so when revoked", async () => {
    const assignmentId = await grantGraphPermission(vmPrincipalId, APPLICATION_READWRITE_ALL);
    const assignment = await operatorGraph.api(`/servicePrincipals/${vmPrincipalId}/appRoleAssignments/${assignmentId}`).get();
    expect(assignment).toMatchObject({
      principalId: vmPrincipalId,
      resourceId: graphPrincipalId,
      appRoleId: APPLICATION_READWRITE_ALL,
      principalType: "ServicePrincipal",
      resourceDisplayName: "Microsoft Graph",
    });
    const assignedTo = await operatorGraph.api(`/servicePrincipals/${graphPrincipalId}/appRoleAssignedTo`).filter(`principalId eq ${vmPrincipalId}`).get();
    expect(assignedTo.value.map((a: { id: string }) => a.id)).toEqual([assignmentId]);

    const token = await identityToken(vmId);
    expect(decodeJwt(token).roles).toEqual(["Application.ReadWrite.All"]);
    const added = await graphAs(token, "POST", `/applications/${deployer.id}/addPassword`, {});
    expect(added.status).toBe(200);
    expect(added.headers.get("x-azmi-authorization")).toBe("allowed: applications.credentials allowed by the application permission Application.ReadWrite.All");
    await graphAs(token, "POST", `/applications/${deployer.id}/removePassword`, { keyId: added.json.keyId });
    // Application.ReadWrite.All is not a user permission.
    expect(
      (
        await graphAs(token, "POST", "/users", {
          accountEnabled: true,
          displayName: "x",
          mailNickname: "x",
          userPrincipalName: "x@azmi.onmicrosoft.com",
          passwordProfile: { password: "p" },
        })
      ).status,
    ).toBe(403);

    await operatorGraph.api(`/servicePrincipals/${vmPrincipalId}/appRoleAssignments/${assignmentId}`).delete();
    const after = await identityToken(vmId);
    expect(decodeJwt(after).roles).toBeUndefined();
    expect((await graphAs(after, "POST", `/applications/${deployer.id}/addPassword`, {})).status).toBe(403);
  });

  it("a role is in the token only for its own resource's audience", async () => {
    const assignmentId = await grantGraphPermission(vmPrincipalId, APPLICATION_READWRITE_ALL);
    expect(decodeJwt(await identityToken(vmId, "https://management.azure.com/")).roles).toBeUndefined();
    expect(decodeJwt(await identityToken(vmId, GRAPH)).roles).toEqual(["Application.ReadWrite.All"]);
    await operatorGraph.api(`/servicePrincipals/${vmPrincipalId}/appRoleAssignments/${assignmentId}`).delete();
  });

  it("users and groups need their own permissions", async () => {
    const user = await grantGraphPermission(vmPrincipalId, USER_READWRITE_ALL);
    const group = await grantGraphPermission(vmPrincipalId, GROUP_READWRITE_ALL);
    const token = await identityToken(vmId);
    expect(decodeJwt(token).roles).toEqual(expect.arrayContaining(["User.ReadWrite.All", "Group.ReadWrite.All"]));
    const createdUser = await graphAs(token, "POST", "/users", {
      accountEnabled: true,
      displayName: "Carol",
      mailNickname: "carol",
      userPrincipalName: "carol@azmi.onmicrosoft.com",
      passwordProfile: { password: "x" },
    });
    expect(createdUser.status).toBe(201);
    expect((await graphAs(token, "POST", "/groups", { displayName: "g", mailEnabled: false, mailNickname: "g", securityEnabled: true })).status).toBe(201);
    // Neither lets it touch applications.
    expect((await graphAs(token, "POST", `/applications/${deployer.id}/addPassword`, {})).status).toBe(403);
    await operatorGraph.api(`/servicePrincipals/${graphPrincipalId}/appRoleAssignedTo/${user}`).delete();
    await operatorGraph.api(`/servicePrincipals/${graphPrincipalId}/appRoleAssignedTo/${group}`).delete();
    const after = await identityToken(vmId);
    expect((await graphAs(after, "POST", "/groups", { displayName: "h", mailEnabled: false, mailNickname: "h", securityEnabled: true })).status).toBe(403);
  });

  it("Application.ReadWrite.OwnedBy manages the applications its holder created, and only those", async () => {
    const builderApp = await operatorGraph.api("/applications").post({ displayName: "builder" });
    const builderSp = await operatorGraph.api("/servicePrincipals").post({ appId: builderApp.appId });
    const secret = (await operatorGraph.api(`/applications/${builderApp.id}/addPassword`).post({})).secretText as string;
    await grantGraphPermission(builderSp.id, APPLICATION_READWRITE_OWNEDBY);
    const builder = graphClient(await clientToken(azmi, builderApp.appId, secret, GRAPH_SCOPE));

    const own = await builder.api("/applications").post({ displayName: "built-by-builder" });
    const owners = await builder.api(`/applications/${own.id}/owners`).get();
    expect(owners.value.map((o: { id: string }) => o.id)).toEqual([builderSp.id]);
    expect((await builder.api(`/applications/${own.id}/addPassword`).post({})).secretText).toMatch(/.{40}/);

    const theirs = await refused(builder.api(`/applications/${deployer.id}/addPassword`).post({}));
    expect([theirs.statusCode, theirs.code]).toEqual([403, "Authorization_RequestDenied"]);
    // Adding an owner needs Application.ReadWrite.All, even on an owned application.
    const addOwner = await refused(builder.api(`/applications/${own.id}/owners/$ref`).post({ "@odata.id": `${GRAPH}/v1.0/directoryObjects/${vmPrincipalId}` }));
    expect(addOwner.statusCode).toBe(403);
  });

  it("refuses an app role the resource does not publish, and a second grant of the same role, with Graph's errors", async () => {
    const unknown = await refused(
      operatorGraph
        .api(`/servicePrincipals/${vmPrincipalId}/appRoleAssignments`)
        .post({ principalId: vmPrincipalId, resourceId: graphPrincipalId, appRoleId: "5f8c59db-677d-491f-a6b8-5f174b11ec1d" }),
    );
    expect([unknown.statusCode, unknown.code, unknown.message]).toEqual([
      400,
      "Request_BadRequest",
      `Permission being assigned was not found on application '${GRAPH_APP_ID}'.`,
    ]);
    const id = await grantGraphPermission(vmPrincipalId, APPROLEASSIGNMENT_READWRITE_ALL);
    const again = await refused(grantGraphPermission(vmPrincipalId, APPROLEASSIGNMENT_READWRITE_ALL));
    expect([again.statusCode, again.message]).toEqual([400, "Permission being assigned already exists on the object."]);
    await operatorGraph.api(`/servicePrincipals/${vmPrincipalId}/appRoleAssignments/${id}`).delete();
  });
});

describe("directory roles (the wids claim)", () => {
  it("Application Administrator may manage applications but not grant app roles or directory roles", async () => {
    const assignment = await assignDirectoryRole(vmPrincipalId, APPLICATION_ADMINISTRATOR);
    const token = await identityToken(vmId);
    expect(decodeJwt(token).wids).toEqual([APPLICATION_ADMINISTRATOR]);
    const graph = graphClient(token);
    expect((await graph.api(`/applications/${deployer.id}/addPassword`).post({})).keyId).toBeDefined();
    const grant = await refused(
      graph
        .api(`/servicePrincipals/${vmPrincipalId}/appRoleAssignments`)
        .post({ principalId: vmPrincipalId, resourceId: graphPrincipalId, appRoleId: APPLICATION_READWRITE_ALL }),
    );
    expect(grant.statusCode).toBe(403);
    expect(
      (await refused(graph.api("/roleManagement/directory/roleAssignments").post({ principalId: vmPrincipalId, roleDefinitionId: GLOBAL_ADMINISTRATOR })))
        .statusCode,
    ).toBe(403);
    await operatorGraph.api(`/roleManagement/directory/roleAssignments/${assignment}`).delete();
    expect(decodeJwt(await identityToken(vmId)).wids).toBeUndefined();
  });

  it("Privileged Role Administrator may grant app roles; Directory Readers may only read", async () => {
    const pra = await assignDirectoryRole(vmPrincipalId, PRIVILEGED_ROLE_ADMINISTRATOR);
    const graph = graphClient(await identityToken(vmId));
    const granted = await graph
      .api(`/servicePrincipals/${graphPrincipalId}/appRoleAssignedTo`)
      .post({ principalId: deployer.principalId, resourceId: graphPrincipalId, appRoleId: APPLICATION_READWRITE_ALL });
    expect(granted).toMatchObject({ principalId: deployer.principalId, appRoleId: APPLICATION_READWRITE_ALL });
    await graph.api(`/servicePrincipals/${graphPrincipalId}/appRoleAssignedTo/${granted.id}`).delete();
    await operatorGraph.api(`/roleManagement/directory/roleAssignments/${pra}`).delete();

    const readers = await assignDirectoryRole(vmPrincipalId, DIRECTORY_READERS);
    const reader = graphClient(await identityToken(vmId));
    expect((await reader.api("/applications").get()).value.map((a: { id: string }) => a.id)).toContain(deployer.id);
    expect((await refused(reader.api(`/applications/${deployer.id}/addPassword`).post({}))).statusCode).toBe(403);
    await operatorGraph.api(`/roleManagement/directory/roleAssignments/${readers}`).delete();
  });

  it("lists the built-in roles with their template ids, and the operator as a Global Administrator", async () => {
    const roles = await operatorGraph.api("/directoryRoles").get();
    expect(roles.value.map((r: { roleTemplateId: string }) => r.roleTemplateId)).toEqual(
      expect.arrayContaining([
        GLOBAL_ADMINISTRATOR,
        APPLICATION_ADMINISTRATOR,
        "158c047a-c907-4556-b7ef-446551a6b5f7",
        PRIVILEGED_ROLE_ADMINISTRATOR,
        DIRECTORY_READERS,
      ]),
    );
    const definition = await operatorGraph.api(`/roleManagement/directory/roleDefinitions/${GLOBAL_ADMINISTRATOR}`).get();
    expect(definition).toMatchObject({ displayName: "Global Administrator", isBuiltIn: true, templateId: GLOBAL_ADMINISTRATOR });
    const members = await operatorGraph.api(`/directoryRoles(roleTemplateId='${GLOBAL_ADMINISTRATOR}')/members`).get();
    const operatorGraphToken = await operatorToken(azmi, GRAPH_SCOPE);
    expect(members.value.map((m: { id: string }) => m.id)).toEqual([decodeJwt(operatorGraphToken).oid]);
    expect(decodeJwt(operatorGraphToken).wids).toEqual([GLOBAL_ADMINISTRATOR]);
  });
});

describe("Microsoft's first-party service principals", () => {
  it("are in the directory with their real appIds, and Microsoft Graph's app roles carry the real permission ids", async () => {
    const graph = await operatorGraph.api(`/servicePrincipals(appId='${GRAPH_APP_ID}')`).get();
    const roles = new Map(graph.appRoles.map((r: { value: string; id: string }) => [r.value, r.id]));
    expect(Object.fromEntries(roles)).toMatchObject({
      "Application.ReadWrite.All": APPLICATION_READWRITE_ALL,
      "Application.ReadWrite.OwnedBy": APPLICATION_READWRITE_OWNEDBY,
      "Directory.Read.All": "7ab1d382-f21e-4acd-a863-ba3e13f7da61",
      "Directory.ReadWrite.All": "19dbc75e-c2e2-444c-a770-ec69d8559fc7",
      "User.Read.All": "df021288-bdef-4463-88db-98f22de89214",
      "User.ReadWrite.All": USER_READWRITE_ALL,
      "Group.ReadWrite.All": GROUP_READWRITE_ALL,
      "AppRoleAssignment.ReadWrite.All": APPROLEASSIGNMENT_READWRITE_ALL,
      "RoleManagement.ReadWrite.Directory": "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8",
      "Application.Read.All": "9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30",
    });
    for (const appId of ["797f4846-ba00-4fd7-ba43-dac1f8f63013", "cfa8b339-82a2-471a-a3c9-0fc0be7a4093", "e406a681-f3d4-42a8-90b6-c2b029497af1"]) {
      expect((await operatorGraph.api(`/servicePrincipals(appId='${appId}')`).get()).appId).toBe(appId);
    }
  });
});

describe("permissive mode", () => {
  let permissive: TestAzmi;
  beforeAll(async () => {
    permissive = await startTestAzmi();
  });
  afterAll(() => permissive.stop());

  it("lets the request through but says what strict mode would decide", async () => {
    const app = await permissive.request("POST", "/v1.0/applications", { displayName: "target" });
    expect(app.status).toBe(201);
    expect(app.headers.get("x-azmi-authorization")).toBe(
      "permissive mode; would be refused in strict mode: applications.create: no bearer token, so no permission or directory role",
    );
    const group = `/subscriptions/${permissive.subscriptionId}/resourceGroups/rg`;
    await ok(permissive, "PUT", `${group}?api-version=2021-04-01`, { location: "westeurope" });
    const vm = `${group}/providers/Microsoft.Compute/virtualMachines/vm`;
    await ok(permissive, "PUT", `${vm}?api-version=2024-07-01`, { location: "westeurope", identity: { type: "SystemAssigned" } });
    const token = await imdsToken(permissive, vm, GRAPH);
    const added = await permissive.request("POST", `/v1.0/applications/${app.json.id}/addPassword`, {}, { authorization: `Bearer ${token}` });
    expect(added.status).toBe(200);
    expect(added.headers.get("x-azmi-authorization")).toMatch(/^permissive mode; would be refused in strict mode: applications\.credentials needs /);
  });
});
