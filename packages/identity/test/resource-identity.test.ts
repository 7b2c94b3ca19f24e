import { describe, expect, it } from "vitest";
import { parseResourceId, resourceGroupScope } from "@azmi/arm-core";
import { SUB, TENANT, W, setup, snapshot, uaiId, refusal } from "./support.js";

const SITE = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Web/sites/app1`;

describe("identity blocks on any resource", () => {
  it("completes SystemAssigned with principalId and tenantId and provisions a service principal named after the resource", () => {
    const { identities, directory } = setup();
    const block = identities.applyResourceIdentity(SITE, { type: "systemassigned" })!;
    expect(block.type).toBe("SystemAssigned");
    expect(block.tenantId).toBe(TENANT);
    const sp = directory.servicePrincipals.get(block.principalId!)!;
    expect(sp).toMatchObject({ displayName: "app1", servicePrincipalType: "ManagedIdentity", alternativeNames: ["isExplicit=False", SITE] });
    expect(identities.findByPrincipalId(block.principalId!)).toMatchObject({ kind: "SystemAssigned", resourceId: SITE });
  });

  it("keeps the system principal across updates and deletes it when SystemAssigned is removed", () => {
    const { identities, directory } = setup();
    const first = identities.applyResourceIdentity(SITE, { type: "SystemAssigned" })!;
    const second = identities.applyResourceIdentity(SITE, { type: "SystemAssigned", principalId: first.principalId }, first)!;
    expect(second.principalId).toBe(first.principalId);
    // Not mentioning identity keeps what the resource had.
    expect(identities.applyResourceIdentity(SITE, undefined, second)).toEqual(second);
    expect(identities.applyResourceIdentity(SITE, { type: "None" }, second)).toBeUndefined();
    expect(directory.servicePrincipals.get(first.principalId!)).toBeUndefined();
    const third = identities.applyResourceIdentity(SITE, { type: "SystemAssigned" })!;
    expect(third.principalId).not.toBe(first.principalId);
    expect(identities.applyResourceIdentity(SITE, null, third)).toBeUndefined();
    expect(directory.servicePrincipals.get(third.principalId!)).toBeUndefined();
  });

  it("fills user-assigned entries with principalId and clientId, and combines with SystemAssigned", () => {
    const { identities } = setup();
    const { identity } = identities.userAssigned.createOrUpdate(uaiId("rg", "mi1"), { location: "westeurope" }, W);
    const key = identity.id.toLowerCase();
    const block = identities.applyResourceIdentity(SITE, { type: "SystemAssigned,UserAssigned", userAssignedIdentities: { [key]: {} } })!;
    expect(block.type).toBe("SystemAssigned, UserAssigned");
    expect(block.principalId).toBeDefined();
    expect(block.userAssignedIdentities).toEqual({ [key]: { principalId: identity.properties.principalId, clientId: identity.properties.clientId } });
    const onlyUser = identities.applyResourceIdentity(SITE, { type: "UserAssigned", userAssignedIdentities: { [identity.id]: {} } }, block)!;
    expect(onlyUser).toEqual({
      type: "UserAssigned",
      userAssignedIdentities: { [identity.id]: { principalId: identity.properties.principalId, clientId: identity.properties.clientId } },
    });
    expect(identities.findByResourceId(parseResourceId(SITE))).toBeUndefined();
  });

  it("refuses an unknown user-assigned identity with 400 FailedIdentityOperation and changes nothing", () => {
    const { identities, store } = setup();
    const existing = identities.applyResourceIdentity(SITE, { type: "SystemAssigned" })!;
    const before = snapshot(store);
    const ghost = uaiId("rg", "ghost").id;
    const r = refusal(() => identities.applyResourceIdentity(SITE, { type: "UserAssigned", userAssignedIdentities: { [ghost]: {} } }, existing));
    expect(r).toMatchObject({ status: 400, code: "FailedIdentityOperation" });
    expect(r.message).toContain(ghost);
    expect(snapshot(store)).toBe(before);
  });

  it.each([
    [{ type: "Bogus" }, "CannotSetResourceIdentity"],
    [{ type: "None, SystemAssigned" }, "CannotSetResourceIdentity"],
    [{ type: "" }, "CannotSetResourceIdentity"],
    [{}, "CannotSetResourceIdentity"],
    [{ type: "SystemAssigned", userAssignedIdentities: { [uaiId("rg", "mi1").id]: {} } }, "FailedIdentityOperation"],
    [{ type: "UserAssigned" }, "FailedIdentityOperation"],
    [{ type: "UserAssigned", userAssignedIdentities: { "/not/an/identity": {} } }, "LinkedInvalidPropertyId"],
    [{ type: 7 }, "InvalidRequestContent"],
  ])("refuses %j with 400 %s", (requested, code) => {
    const { identities, store } = setup();
    identities.userAssigned.createOrUpdate(uaiId("rg", "mi1"), { location: "westeurope" }, W);
    const before = snapshot(store);
    expect(refusal(() => identities.applyResourceIdentity(SITE, requested))).toMatchObject({ status: 400, code });
    expect(snapshot(store)).toBe(before);
  });

  it("refuses a principalId that is not the resource's", () => {
    const { identities } = setup();
    identities.applyResourceIdentity(SITE, { type: "SystemAssigned" });
    expect(refusal(() => identities.applyResourceIdentity(SITE, { type: "SystemAssigned", principalId: "5e7127c4-5a72-49b4-9747-7311e984e1c8" })).code).toBe(
      "MismatchingResourceIdentityPrincipalId",
    );
  });

  it("serves identities/default for a resource with a system identity, 404 otherwise", () => {
    const { identities, resources } = setup();
    const site = parseResourceId(SITE);
    resources.put(site, { id: SITE, name: "app1", type: "Microsoft.Web/sites", location: "westeurope", tags: { t: "1" } });
    expect(() => identities.systemAssignedIdentity(site)).toThrow(/was not found/);
    const block = identities.applyResourceIdentity(site, { type: "SystemAssigned" })!;
    const answer = identities.systemAssignedIdentity(site);
    expect(answer).toMatchObject({
      id: SITE,
      name: "app1",
      type: "Microsoft.Web/sites",
      location: "westeurope",
      properties: { principalId: block.principalId, tenantId: TENANT },
    });
    expect((answer.properties as { clientId: string }).clientId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("deleting the resource or its group (scopeDeleted) deletes its system principal", () => {
    const { identities, events, directory } = setup();
    const a = identities.applyResourceIdentity(SITE, { type: "SystemAssigned" })!;
    events.emit({ type: "scopeDeleted", scope: parseResourceId(SITE) });
    expect(directory.servicePrincipals.get(a.principalId!)).toBeUndefined();
    const b = identities.applyResourceIdentity(SITE, { type: "SystemAssigned" })!;
    const child = identities.applyResourceIdentity(`${SITE}/slots/staging`, { type: "SystemAssigned" })!;
    events.emit({ type: "scopeDeleted", scope: resourceGroupScope(SUB, "rg") });
    expect(directory.servicePrincipals.get(b.principalId!)).toBeUndefined();
    expect(directory.servicePrincipals.get(child.principalId!)).toBeUndefined();
    expect(directory.count("servicePrincipal")).toBe(0);
  });
});
