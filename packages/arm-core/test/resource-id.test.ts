import { describe, expect, it } from "vitest";
import {
  ArmError,
  TENANT_ROOT,
  ancestors,
  childResource,
  isAtOrBelow,
  managementGroupScope,
  normalizeKey,
  parseArmPath,
  parseResourceId,
  pathSegments,
  resourceGroupScope,
  resourceUnder,
  sameId,
  scopeChain,
  subscriptionScope,
  type ArmPath,
  type ResourceId,
} from "../src/index.js";

const SUB = "00000000-0000-0000-0000-000000000000";
const RG = `/subscriptions/${SUB}/resourceGroups/Rg-One`;
const SITE = `${RG}/providers/Microsoft.Web/sites/MyApp`;

function instance(path: string): ResourceId {
  const parsed = parseArmPath(path);
  if (parsed.kind !== "instance") throw new Error(`expected an instance, got ${parsed.kind}`);
  return parsed.id;
}

function collection(path: string): Extract<ArmPath, { kind: "collection" }> {
  const parsed = parseArmPath(path);
  if (parsed.kind !== "collection") throw new Error(`expected a collection, got ${parsed.kind}`);
  return parsed;
}

describe("scopes", () => {
  it("parses the tenant root from '/' and from an empty path", () => {
    for (const p of ["/", "", "//"]) {
      const id = instance(p);
      expect(id).toBe(TENANT_ROOT);
      expect(id.kind).toBe("tenant");
      expect(id.id).toBe("/");
      expect(id.parent).toBeUndefined();
    }
  });

  it("parses a management group", () => {
    const id = instance("/providers/Microsoft.Management/managementGroups/Mg-Root");
    expect(id.kind).toBe("managementGroup");
    expect(id.managementGroupId).toBe("Mg-Root");
    expect(id.name).toBe("Mg-Root");
    expect(id.resourceType).toBe("Microsoft.Management/managementGroups");
    expect(id.id).toBe("/providers/Microsoft.Management/managementGroups/Mg-Root");
    expect(id.key).toBe("/providers/microsoft.management/managementgroups/mg-root");
    expect(id.parent).toBe(TENANT_ROOT);
    expect(id).toEqual(managementGroupScope("Mg-Root"));
  });

  it("parses a management group whatever the casing of its keywords", () => {
    const id = instance("/PROVIDERS/microsoft.management/MANAGEMENTGROUPS/mg1");
    expect(id.kind).toBe("managementGroup");
    expect(id.key).toBe("/providers/microsoft.management/managementgroups/mg1");
  });

  it("parses a child of a management group without crashing", () => {
    const id = instance(`/providers/Microsoft.Management/managementGroups/mg1/subscriptions/${SUB}`);
    expect(id.kind).toBe("resource");
    expect(id.resourceType).toBe("Microsoft.Management/managementGroups/subscriptions");
    expect(id.parent?.kind).toBe("managementGroup");
  });

  it("parses a subscription", () => {
    const id = instance(`/subscriptions/${SUB}`);
    expect(id.kind).toBe("subscription");
    expect(id.subscriptionId).toBe(SUB);
    expect(id.resourceType).toBe("Microsoft.Resources/subscriptions");
    expect(id.parent).toBe(TENANT_ROOT);
    expect(id).toEqual(subscriptionScope(SUB));
  });

  it("parses a resource group and puts keywords in canonical casing while keeping the name's casing", () => {
    const id = instance(`/SUBSCRIPTIONS/${SUB}/resourcegroups/Rg-One`);
    expect(id.kind).toBe("resourceGroup");
    expect(id.resourceGroup).toBe("Rg-One");
    expect(id.name).toBe("Rg-One");
    expect(id.id).toBe(RG);
    expect(id.key).toBe(RG.toLowerCase());
    expect(id.parent?.kind).toBe("subscription");
    expect(id).toEqual(resourceGroupScope(SUB, "Rg-One"));
  });

  it("parses a top-level resource, keeping the caller's casing of namespace, type and name", () => {
    const id = instance(`${RG}/providers/microsoft.web/Sites/MyApp`);
    expect(id.kind).toBe("resource");
    expect(id.namespace).toBe("microsoft.web");
    expect(id.resourceType).toBe("microsoft.web/Sites");
    expect(id.name).toBe("MyApp");
    expect(id.subscriptionId).toBe(SUB);
    expect(id.resourceGroup).toBe("Rg-One");
    expect(id.id).toBe(`${RG}/providers/microsoft.web/Sites/MyApp`);
    expect(id.parent?.id).toBe(RG);
    expect(id).toEqual(resourceUnder(resourceGroupScope(SUB, "Rg-One"), "microsoft.web", "Sites", "MyApp"));
  });

  it("parses resources with several child levels", () => {
    const id = instance(`${SITE}/slots/staging/config/web`);
    expect(id.kind).toBe("resource");
    expect(id.resourceType).toBe("Microsoft.Web/sites/slots/config");
    expect(id.name).toBe("web");
    expect(id.namespace).toBe("Microsoft.Web");
    expect(id.resourceGroup).toBe("Rg-One");
    expect(id.parent?.resourceType).toBe("Microsoft.Web/sites/slots");
    expect(id.parent?.name).toBe("staging");
    expect(id.parent?.parent?.id).toBe(SITE);
    const built = childResource(childResource(parseResourceId(SITE), "slots", "staging"), "config", "web");
    expect(built).toEqual(id);
  });

  it("accepts a resource named like a keyword", () => {
    const id = instance(`${RG}/providers/Microsoft.Web/sites/providers`);
    expect(id.name).toBe("providers");
    expect(id.resourceType).toBe("Microsoft.Web/sites");
  });

  it("parses a resource directly under a subscription and under the tenant root", () => {
    const sub = instance(`/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/abc`);
    expect(sub.kind).toBe("resource");
    expect(sub.resourceGroup).toBeUndefined();
    expect(sub.parent?.kind).toBe("subscription");
    const tenant = instance("/providers/Microsoft.Authorization/roleDefinitions/abc");
    expect(tenant.parent).toBe(TENANT_ROOT);
    expect(tenant.id).toBe("/providers/Microsoft.Authorization/roleDefinitions/abc");
  });
});

describe("extension resources", () => {
  const lock = "providers/Microsoft.Authorization/locks/L1";
  const scopes: Array<[string, string, ResourceId["kind"]]> = [
    ["the tenant root", "", "tenant"],
    ["a management group", "/providers/Microsoft.Management/managementGroups/mg1", "managementGroup"],
    ["a subscription", `/subscriptions/${SUB}`, "subscription"],
    ["a resource group", RG, "resourceGroup"],
    ["a resource", SITE, "resource"],
    ["a child resource", `${SITE}/slots/staging`, "resource"],
    ["an extension resource", `${SITE}/providers/Microsoft.ManagedIdentity/identities/default`, "resource"],
  ];

  it.each(scopes)("parses an extension on %s", (_label, scope, kind) => {
    const id = instance(`${scope}/${lock}`);
    expect(id.kind).toBe("resource");
    expect(id.namespace).toBe("Microsoft.Authorization");
    expect(id.resourceType).toBe("Microsoft.Authorization/locks");
    expect(id.name).toBe("L1");
    expect(id.id).toBe(`${scope}/${lock}`);
    expect(id.parent?.kind).toBe(kind);
    expect(id.parent?.id).toBe(scope === "" ? "/" : scope);
  });

  it("keeps the subscription and group of the scope it extends", () => {
    const id = instance(`${SITE}/slots/staging/${lock}`);
    expect(id.subscriptionId).toBe(SUB);
    expect(id.resourceGroup).toBe("Rg-One");
  });

  it("parses children of an extension resource", () => {
    const id = instance(`${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/mi/federatedIdentityCredentials/fic`);
    expect(id.resourceType).toBe("Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials");
    expect(id.parent?.name).toBe("mi");
  });
});

describe("collections and provider paths", () => {
  it("parses the subscription list and the resource group list", () => {
    const subs = collection("/subscriptions");
    expect(subs.parent).toBe(TENANT_ROOT);
    expect(subs.resourceType).toBe("Microsoft.Resources/subscriptions");
    const groups = collection(`/subscriptions/${SUB}/resourcegroups`);
    expect(groups.parent.kind).toBe("subscription");
    expect(groups.resourceType).toBe("Microsoft.Resources/resourceGroups");
    expect(groups.segment).toBe("resourcegroups");
  });

  it("parses builtin collections such as locations, resources and tenants", () => {
    const locations = collection(`/subscriptions/${SUB}/locations`);
    expect(locations.resourceType).toBe("Microsoft.Resources/locations");
    expect(locations.rest).toEqual([]);
    const resources = collection(`${RG}/resources`);
    expect(resources.parent.id).toBe(RG);
    expect(resources.resourceType).toBe("Microsoft.Resources/resources");
    expect(collection("/tenants").resourceType).toBe("Microsoft.Resources/tenants");
    const op = collection(`/subscriptions/${SUB}/resourcegroups/rg/operationresults/abc`);
    expect(op.parent.kind).toBe("resourceGroup");
    expect(op.segment).toBe("operationresults");
    expect(op.rest).toEqual(["abc"]);
  });

  it("parses a typed collection under a group, a subscription and a resource", () => {
    const inGroup = collection(`${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities`);
    expect(inGroup.parent.id).toBe(RG);
    expect(inGroup.resourceType).toBe("Microsoft.ManagedIdentity/userAssignedIdentities");
    const inSub = collection(`/subscriptions/${SUB}/providers/Microsoft.Authorization/locks`);
    expect(inSub.parent.kind).toBe("subscription");
    expect(inSub.resourceType).toBe("Microsoft.Authorization/locks");
    const children = collection(`${SITE}/slots`);
    expect(children.parent.id).toBe(SITE);
    expect(children.resourceType).toBe("Microsoft.Web/sites/slots");
    const locks = collection(`${SITE}/slots/staging/providers/Microsoft.Authorization/locks`);
    expect(locks.parent.resourceType).toBe("Microsoft.Web/sites/slots");
    expect(locks.resourceType).toBe("Microsoft.Authorization/locks");
  });

  it("parses an action on an instance as a collection segment", () => {
    const action = collection(`${SITE}/config/appsettings/list`);
    expect(action.parent.resourceType).toBe("Microsoft.Web/sites/config");
    expect(action.segment).toBe("list");
    expect(collection(`${SITE}/publishxml`).segment).toBe("publishxml");
  });

  it("parses provider namespaces at tenant and subscription scope", () => {
    const tenant = parseArmPath("/providers/Microsoft.Web");
    expect(tenant).toEqual({ kind: "provider", parent: TENANT_ROOT, namespace: "Microsoft.Web" });
    const sub = parseArmPath(`/subscriptions/${SUB}/providers/microsoft.managedidentity`);
    expect(sub.kind).toBe("provider");
    if (sub.kind === "provider") {
      expect(sub.parent.kind).toBe("subscription");
      expect(sub.namespace).toBe("microsoft.managedidentity");
    }
    const list = collection(`/subscriptions/${SUB}/providers`);
    expect(list.resourceType).toBe("Microsoft.Resources/providers");
    const register = collection(`/subscriptions/${SUB}/providers/Microsoft.Web/register`);
    expect(register.segment).toBe("register");
    expect(register.parent.kind).toBe("subscription");
  });

  it("rejects a path that names a collection where one instance is required, with an ArmError", () => {
    expect(() => parseResourceId(`/subscriptions/${SUB}/resourceGroups`)).toThrow(ArmError);
    try {
      parseResourceId(`${SITE}/slots`);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ArmError);
      expect((err as ArmError).status).toBe(400);
    }
  });
});

describe("repeated slashes and equality", () => {
  it("collapses repeated and trailing slashes", () => {
    expect(pathSegments("//a///b/")).toEqual(["a", "b"]);
    const id = instance(`//subscriptions//${SUB}/resourcegroups/Rg-One//providers/Microsoft.Web//sites/MyApp/`);
    expect(id.id).toBe(SITE);
  });

  it("reads the CLI's resource-lock path with '//' as the normal lock id", () => {
    const cli = `/subscriptions/${SUB}/resourcegroups/Rg-One/providers/Microsoft.Web//sites/MyApp/providers/Microsoft.Authorization/locks/L`;
    const id = instance(cli);
    expect(id.id).toBe(`${SITE}/providers/Microsoft.Authorization/locks/L`);
    expect(id.parent?.id).toBe(SITE);
  });

  it("compares ids case-insensitively and ignores slash noise", () => {
    expect(sameId(SITE, SITE.toUpperCase())).toBe(true);
    expect(sameId(SITE, `${SITE}/`)).toBe(true);
    expect(sameId(SITE.replace("/sites/", "//sites/"), SITE)).toBe(true);
    expect(sameId(SITE, `${SITE}2`)).toBe(false);
    expect(instance(SITE.toUpperCase()).key).toBe(instance(SITE).key);
    expect(normalizeKey(SITE)).toBe(instance(SITE).key);
    expect(normalizeKey("")).toBe("/");
    expect(normalizeKey("///")).toBe("/");
  });

  it("keeps the casing of the caller's id for display", () => {
    expect(instance(`${RG}/providers/MICROSOFT.WEB/SITES/MyApp`).id).toBe(`${RG}/providers/MICROSOFT.WEB/SITES/MyApp`);
    expect(instance(`/subscriptions/${SUB}/resourceGroups/rg-one`).id).not.toBe(RG);
  });

  it("freezes parsed ids", () => {
    const id = instance(SITE);
    expect(Object.isFrozen(id)).toBe(true);
  });
});

describe("ancestors and containment", () => {
  it("lists every enclosing scope, nearest first, ending with the tenant root", () => {
    const id = instance(`${SITE}/slots/staging/providers/Microsoft.Authorization/locks/L`);
    expect(ancestors(id).map((a) => a.id)).toEqual([`${SITE}/slots/staging`, SITE, RG, `/subscriptions/${SUB}`, "/"]);
    expect(scopeChain(id)[0]).toBe(id);
    expect(scopeChain(id)).toHaveLength(6);
    expect(ancestors(TENANT_ROOT)).toEqual([]);
    expect(scopeChain(TENANT_ROOT)).toEqual([TENANT_ROOT]);
  });

  it("lists a management group's ancestors", () => {
    const id = instance("/providers/Microsoft.Management/managementGroups/mg1/providers/Microsoft.Authorization/roleAssignments/x");
    expect(ancestors(id).map((a) => a.kind)).toEqual(["managementGroup", "tenant"]);
  });

  it("tells whether a scope is at or below another", () => {
    const site = instance(SITE);
    const rg = instance(RG);
    expect(isAtOrBelow(site, rg)).toBe(true);
    expect(isAtOrBelow(rg, rg)).toBe(true);
    expect(isAtOrBelow(rg, site)).toBe(false);
    expect(isAtOrBelow(site, TENANT_ROOT)).toBe(true);
    expect(isAtOrBelow(TENANT_ROOT, TENANT_ROOT)).toBe(true);
    expect(isAtOrBelow(TENANT_ROOT, rg)).toBe(false);
    // A sibling whose name starts with the same letters is not below.
    expect(isAtOrBelow(`${RG}2/providers/Microsoft.Web/sites/x`, RG)).toBe(false);
    // Strings: any casing, any slashes.
    expect(isAtOrBelow(SITE.toUpperCase(), `${RG.toLowerCase()}/`)).toBe(true);
    expect(isAtOrBelow(SITE, "/")).toBe(true);
    expect(isAtOrBelow(SITE, "")).toBe(true);
  });
});
