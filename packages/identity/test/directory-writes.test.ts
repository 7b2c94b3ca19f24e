import { describe, expect, it } from "vitest";
import { MemoryStore } from "@azmi/arm-core";
import { isGraphError } from "@azmi/graph-odata";
import {
  ApplicationSecrets,
  Directory,
  addApplicationPassword,
  applicationCreateBody,
  insertApplication,
  insertApplicationServicePrincipal,
  insertUser,
  newPassword,
  parseDirectoryBody,
  patchServicePrincipal,
  patchUser,
  removeApplication,
} from "../src/index.js";

const TENANT = "11111111-1111-1111-1111-111111111111";

function graphRefusal(fn: () => unknown): { status: number; code: string; message: string } {
  try {
    fn();
  } catch (err) {
    if (isGraphError(err)) return { status: err.status, code: err.code, message: err.message };
    throw err;
  }
  throw new Error("expected a GraphError");
}

function setup() {
  const store = new MemoryStore();
  return { store, directory: new Directory(store), secrets: new ApplicationSecrets(store) };
}

describe("directory writes (Graph's rules for applications, principals and users)", () => {
  it("refuses bodies Graph refuses, in Graph's words", () => {
    expect(graphRefusal(() => parseDirectoryBody(applicationCreateBody, { displayName: "a", appId: "x" }, "Application"))).toEqual({
      status: 400,
      code: "Request_BadRequest",
      message: "Property 'appId' is read-only and cannot be set.",
    });
    expect(graphRefusal(() => parseDirectoryBody(applicationCreateBody, { displayName: 3 }, "Application")).message).toBe(
      "Invalid value specified for property 'displayName' of resource 'Application'.",
    );
    expect(graphRefusal(() => parseDirectoryBody(applicationCreateBody, undefined, "Application")).message).toBe("Empty Payload. JSON content expected.");
  });

  it("gives an application one service principal, named after its appId, and deletes both with the secrets", () => {
    const { directory, secrets } = setup();
    const app = insertApplication(directory, { displayName: "app", identifierUris: ["api://app"] });
    expect(graphRefusal(() => insertApplication(directory, { displayName: "other", identifierUris: ["API://APP"] })).status).toBe(400);
    expect(graphRefusal(() => insertApplicationServicePrincipal(directory, { appId: "00000000-0000-0000-0000-000000000000" }, TENANT)).status).toBe(400);

    const sp = insertApplicationServicePrincipal(directory, { appId: String(app.appId) }, TENANT);
    expect(sp).toMatchObject({ appId: app.appId, displayName: "app", servicePrincipalType: "Application", servicePrincipalNames: [app.appId, "api://app"] });
    expect(graphRefusal(() => insertApplicationServicePrincipal(directory, { appId: String(app.appId) }, TENANT))).toMatchObject({
      status: 409,
      code: "Request_MultipleObjectsWithSameKeyValue",
    });

    const password = newPassword({});
    addApplicationPassword(directory, secrets, app, password);
    expect(secrets.verify(String(app.appId), password.secretText).result).toBe("valid");
    expect(directory.get(app.id)?.passwordCredentials).toEqual([password.stored]);

    removeApplication(directory, secrets, directory.get(app.id)!);
    expect(directory.get(app.id)).toBeUndefined();
    expect(directory.get(sp.id)).toBeUndefined();
    expect(secrets.has(String(app.appId))).toBe(false);
  });

  it("refuses changes to a managed identity's principal", () => {
    const { directory } = setup();
    const sp = directory.servicePrincipals.provisionManagedIdentity({
      principalId: "22222222-2222-2222-2222-222222222222",
      clientId: "33333333-3333-3333-3333-333333333333",
      tenantId: TENANT,
      displayName: "id1",
      resourceId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1",
      explicit: true,
    });
    expect(graphRefusal(() => patchServicePrincipal(directory, sp, { notes: "x" })).status).toBe(400);
    expect(directory.get(sp.id)?.notes).toBeNull();
  });

  it("keeps userPrincipalName unique and never stores a password", () => {
    const { directory } = setup();
    const alice = insertUser(directory, {
      accountEnabled: true,
      displayName: "Alice",
      mailNickname: "alice",
      userPrincipalName: "alice@azmi.onmicrosoft.com",
      passwordProfile: { password: "secret" },
    });
    expect(alice.passwordProfile).toBeUndefined();
    const bob = insertUser(directory, { accountEnabled: true, displayName: "Bob", mailNickname: "bob", userPrincipalName: "bob@x", passwordProfile: {} });
    expect(graphRefusal(() => patchUser(directory, bob, { userPrincipalName: "ALICE@azmi.onmicrosoft.com" })).message).toBe(
      "Another object with the same value for property userPrincipalName already exists.",
    );
    patchUser(directory, alice, { userPrincipalName: "alice@azmi.onmicrosoft.com", passwordProfile: { password: "new" } });
    expect(directory.get(alice.id)?.passwordProfile).toBeUndefined();
  });
});
