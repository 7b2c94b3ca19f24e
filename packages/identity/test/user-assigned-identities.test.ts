import { describe, expect, it } from "vitest";
import { parseResourceId, resourceGroupScope } from "@azmi/arm-core";
import { renderUserAssignedIdentity } from "../src/index.js";
import { NEW, OLD, SUB, TENANT, W, WOLD, setup, snapshot, uaiId, refusal as armCode } from "./support.js";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("user-assigned identities", () => {
  it("creates an identity with new GUIDs, its service principal in the same store, and answers 201-style created", () => {
    const { identities, directory } = setup();
    const { created, identity } = identities.userAssigned.createOrUpdate(uaiId("rg", "mi-one"), { location: "West Europe", tags: { a: "b" } }, W);
    expect(created).toBe(true);
    expect(identity.id).toBe(`/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/mi-one`);
    expect(identity.name).toBe("mi-one");
    expect(identity.type).toBe("Microsoft.ManagedIdentity/userAssignedIdentities");
    expect(identity.location).toBe("westeurope");
    expect(identity.tags).toEqual({ a: "b" });
    expect(identity.properties.principalId).toMatch(GUID);
    expect(identity.properties.clientId).toMatch(GUID);
    expect(identity.properties.principalId).not.toBe(identity.properties.clientId);
    expect(identity.properties.tenantId).toBe(TENANT);

    const sp = directory.servicePrincipals.get(identity.properties.principalId)!;
    expect(sp).toMatchObject({
      "@odata.type": "#microsoft.graph.servicePrincipal",
      id: identity.properties.principalId,
      appId: identity.properties.clientId,
      displayName: "mi-one",
      servicePrincipalType: "ManagedIdentity",
      accountEnabled: true,
      appOwnerOrganizationId: TENANT,
      alternativeNames: ["isExplicit=True", identity.id],
    });
    expect(sp.servicePrincipalNames[0]).toBe(identity.properties.clientId);
    expect(sp.servicePrincipalNames[1]).toMatch(/^https:\/\/identity\.azure\.net\/[A-Za-z0-9+/=]+$/);
    expect(directory.servicePrincipals.getByAppId(identity.properties.clientId.toUpperCase())?.id).toBe(sp.id);
    expect(directory.servicePrincipals.findByServicePrincipalName(identity.properties.clientId).map((s) => s.id)).toEqual([sp.id]);
  });

  it("keeps principalId and clientId across a PUT that moves the identity and replaces its tags", () => {
    const { identities } = setup();
    const first = identities.userAssigned.createOrUpdate(uaiId("rg", "mi1"), { location: "westeurope", tags: { a: "1" } }, W).identity;
    const second = identities.userAssigned.createOrUpdate(uaiId("RG", "MI1"), { location: "eastus" }, W);
    expect(second.created).toBe(false);
    expect(second.identity.location).toBe("eastus");
    expect(second.identity.tags).toEqual({});
    expect(second.identity.properties.principalId).toBe(first.properties.principalId);
    expect(second.identity.properties.clientId).toBe(first.properties.clientId);
    expect(second.identity.name).toBe("mi1");
  });

  it("patches tags only and leaves the rest", () => {
    const { identities } = setup();
    const first = identities.userAssigned.createOrUpdate(uaiId("rg", "mi1"), { location: "westeurope", tags: { a: "1" } }, W).identity;
    const patched = identities.userAssigned.update(uaiId("rg", "mi1"), { tags: { b: "2" } }, WOLD);
    expect(patched.tags).toEqual({ b: "2" });
    expect(patched.location).toBe("westeurope");
    expect(patched.properties).toEqual(first.properties);
    expect(identities.userAssigned.get(uaiId("rg", "mi1")).tags).toEqual({ b: "2" });
  });

  it("answers isolationScope only on the api-versions that have it, and stores it only through them", () => {
    const { identities } = setup();
    const { identity } = identities.userAssigned.createOrUpdate(uaiId("rg", "mi1"), { location: "westeurope", properties: { isolationScope: "Regional" } }, W);
    expect(identity.properties.isolationScope).toBe("Regional");
    expect((renderUserAssignedIdentity(identity, NEW).properties as Record<string, unknown>).isolationScope).toBe("Regional");
    expect(renderUserAssignedIdentity(identity, "2025-01-31-preview").properties).toHaveProperty("isolationScope", "Regional");
    expect(renderUserAssignedIdentity(identity, OLD).properties).not.toHaveProperty("isolationScope");
    // A PUT through an old version cannot reset it.
    const again = identities.userAssigned.createOrUpdate(uaiId("rg", "mi1"), { location: "westeurope" }, WOLD).identity;
    expect(again.properties.isolationScope).toBe("Regional");
  });

  it.each([
    ["ab", "too short"],
    ["a".repeat(129), "too long"],
    ["-abc", "starts with a hyphen"],
    ["_abc", "starts with an underscore"],
    ["has.dot", "has a dot"],
    ["has space", "has a space"],
  ])("refuses the name %s (%s) with 400 InvalidResourceName and stores nothing", (name) => {
    const { identities, store } = setup();
    const before = snapshot(store);
    expect(armCode(() => identities.userAssigned.createOrUpdate(uaiId("rg", name), { location: "westeurope" }, W))).toMatchObject({
      status: 400,
      code: "InvalidResourceName",
    });
    expect(snapshot(store)).toBe(before);
  });

  it("accepts the boundary names", () => {
    const { identities } = setup();
    for (const name of ["abc", "9_a-b", "A".repeat(128)]) {
      expect(identities.userAssigned.createOrUpdate(uaiId("rg", name), { location: "westeurope" }, W).created).toBe(true);
    }
  });

  it("requires a location and an existing group", () => {
    const { identities, store } = setup();
    const before = snapshot(store);
    expect(armCode(() => identities.userAssigned.createOrUpdate(uaiId("rg", "mi1"), {}, W))).toMatchObject({ status: 400, code: "LocationRequired" });
    expect(armCode(() => identities.userAssigned.createOrUpdate(uaiId("rg", "mi1"), { location: "moonbase" }, W))).toMatchObject({
      status: 400,
      code: "LocationNotAvailableForResourceType",
    });
    expect(armCode(() => identities.userAssigned.createOrUpdate(uaiId("rg", "mi1"), { location: "westeurope", tags: { "a/b": "c" } }, W))).toMatchObject({
      status: 400,
      code: "InvalidTagNameCharacters",
    });
    expect(armCode(() => identities.userAssigned.createOrUpdate(uaiId("nope", "mi1"), { location: "x" }, W))).toMatchObject({
      status: 404,
      code: "ResourceGroupNotFound",
    });
    expect(snapshot(store)).toBe(before);
  });

  it("answers 404 ResourceNotFound for a missing identity", () => {
    const { identities } = setup();
    expect(armCode(() => identities.userAssigned.get(uaiId("rg", "ghost")))).toMatchObject({ status: 404, code: "ResourceNotFound" });
    expect(armCode(() => identities.userAssigned.update(uaiId("rg", "ghost"), { tags: {} }, W))).toMatchObject({ status: 404 });
  });

  it("deletes the identity, its service principal and its federated credentials together", () => {
    const { identities, directory, store } = setup();
    const { identity } = identities.userAssigned.createOrUpdate(uaiId("rg", "mi1"), { location: "westeurope" }, W);
    identities.federatedCredentials.createOrUpdate(
      parseResourceId(`${identity.id}/federatedIdentityCredentials/fic1`),
      { properties: { issuer: "https://issuer.example", subject: "s" } },
      W,
    );
    expect(identities.userAssigned.delete(uaiId("rg", "mi1"))).toBe(true);
    expect(identities.userAssigned.find(uaiId("rg", "mi1"))).toBeUndefined();
    expect(directory.servicePrincipals.get(identity.properties.principalId)).toBeUndefined();
    expect(store.list("federatedIdentityCredentials")).toEqual([]);
    expect(identities.findByClientId(identity.properties.clientId)).toBeUndefined();
    expect(identities.userAssigned.delete(uaiId("rg", "mi1"))).toBe(false);
  });

  it("a delete emits scopeDeleted for the identity so other packages can clean up", () => {
    const { identities, events } = setup();
    identities.userAssigned.createOrUpdate(uaiId("rg", "mi1"), { location: "westeurope" }, W);
    const seen: string[] = [];
    events.on("scopeDeleted", (e) => seen.push(e.scope.id));
    identities.userAssigned.delete(uaiId("rg", "mi1"));
    expect(seen).toEqual([uaiId("rg", "mi1").id]);
  });

  it("lists by group and by subscription, with resourceGroup in list answers", () => {
    const { identities } = setup();
    for (const n of ["aa3", "aa1", "aa2"]) identities.userAssigned.createOrUpdate(uaiId("rg", n), { location: "westeurope" }, W);
    identities.userAssigned.createOrUpdate(uaiId("other", "bb1"), { location: "westeurope" }, W);
    expect(identities.userAssigned.listByResourceGroup(SUB, "RG").map((i) => i.name)).toEqual(["aa1", "aa2", "aa3"]);
    expect(identities.userAssigned.listBySubscription(SUB).map((i) => i.name)).toEqual(["bb1", "aa1", "aa2", "aa3"]);
    const listed = identities.userAssigned.listByResourceGroup(SUB, "rg")[0]!;
    expect(renderUserAssignedIdentity(listed, NEW, { inList: true }).resourceGroup).toBe("rg");
    expect(renderUserAssignedIdentity(listed, NEW)).not.toHaveProperty("resourceGroup");
    expect(() => identities.userAssigned.listByResourceGroup(SUB, "nope")).toThrow(/could not be found/);
  });

  it("deleting the group (scopeDeleted) removes principals and credentials of the identities in it", () => {
    const { identities, directory, events, store } = setup();
    const { identity } = identities.userAssigned.createOrUpdate(uaiId("rg", "mi1"), { location: "westeurope" }, W);
    const kept = identities.userAssigned.createOrUpdate(uaiId("other", "mi1"), { location: "westeurope" }, W).identity;
    identities.federatedCredentials.createOrUpdate(
      parseResourceId(`${identity.id}/federatedIdentityCredentials/fic1`),
      { properties: { issuer: "https://issuer.example", subject: "s" } },
      W,
    );
    events.emit({ type: "scopeDeleted", scope: resourceGroupScope(SUB, "rg") });
    expect(directory.servicePrincipals.get(identity.properties.principalId)).toBeUndefined();
    expect(identities.userAssigned.find(uaiId("rg", "mi1"))).toBeUndefined();
    expect(store.list("federatedIdentityCredentials")).toEqual([]);
    expect(directory.servicePrincipals.get(kept.properties.principalId)).toBeDefined();
  });

  it("finds an identity by clientId, principalId and resource id", () => {
    const { identities } = setup();
    const { identity } = identities.userAssigned.createOrUpdate(uaiId("rg", "mi1"), { location: "westeurope" }, W);
    expect(identities.findByClientId(identity.properties.clientId)?.identity?.id).toBe(identity.id);
    expect(identities.findByPrincipalId(identity.properties.principalId)?.kind).toBe("UserAssigned");
    expect(identities.findByResourceId(uaiId("RG", "MI1"))?.clientId).toBe(identity.properties.clientId);
    expect(identities.findByClientId("00000000-0000-0000-0000-00000000ffff")).toBeUndefined();
  });
});
