import { describe, expect, it } from "vitest";
import { CONTRIBUTOR, MG, OWNER, READER, RG, RG2, SITE, SITE_CONFIG, SP, SP2, SUB, SUB2, TENANT, USER, errorOf, guid, setup } from "./fixture.js";

const SUBSCRIPTION = `/subscriptions/${SUB}`;

describe("creating role assignments", () => {
  it.each([
    ["a management group", MG, `/providers/Microsoft.Authorization/roleDefinitions/${READER}`],
    ["the tenant root", "/", `/providers/Microsoft.Authorization/roleDefinitions/${READER}`],
    ["a subscription", SUBSCRIPTION, `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${READER}`],
    ["a resource group", RG, `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${READER}`],
    ["a resource", SITE, `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${READER}`],
    ["a child resource", SITE_CONFIG, `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${READER}`],
  ])("at %s, answering the scope and the role id in Azure's form", (_what, at, roleDefinitionId) => {
    const { rbac, scope } = setup();
    const r = rbac.assignments.createOrUpdate(
      scope(at),
      guid(1),
      { properties: { roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${READER}`, principalId: SP, description: "why" } },
      { objectId: USER },
    );
    expect(r.created).toBe(true);
    expect(r.view).toMatchObject({
      id: `${at === "/" ? "" : at}/providers/Microsoft.Authorization/roleAssignments/${guid(1)}`,
      name: guid(1),
      type: "Microsoft.Authorization/roleAssignments",
      properties: {
        roleDefinitionId,
        principalId: SP,
        principalType: "ServicePrincipal",
        scope: at,
        description: "why",
        createdBy: USER,
        updatedBy: USER,
        condition: null,
      },
    });
    expect(rbac.assignments.get(scope(at), guid(1).toUpperCase())).toEqual(r.view);
  });

  it("re-applying the same assignment is idempotent and may change the description only", () => {
    const { rbac, scope, assign } = setup();
    const first = assign(RG, guid(1), SP, READER);
    const again = assign(RG.toLowerCase(), guid(1), SP, READER, { description: "new" });
    expect(again.created).toBe(false);
    expect(again.view.properties.description).toBe("new");
    expect(again.view.properties.createdOn).toBe(first.view.properties.createdOn);
    expect(rbac.assignments.list(scope(RG), "atScope()")).toHaveLength(1);
  });

  it("sets conditionVersion 2.0 when a condition comes without one", () => {
    const { assign } = setup();
    const r = assign(RG, guid(1), SP, READER, { condition: "@Resource[x] StringEquals 'y'" });
    expect(r.view.properties.conditionVersion).toBe("2.0");
  });

  it("takes the principal type from the directory when none is given", () => {
    const { assign } = setup();
    expect(assign(RG, guid(1), USER, READER).view.properties.principalType).toBe("User");
  });

  it("trusts a stated principal type for a principal the directory does not know yet", () => {
    const { assign } = setup();
    const unknown = "99999999-9999-9999-9999-999999999999";
    expect(assign(RG, guid(1), unknown, READER, { principalType: "ServicePrincipal" }).view.properties.principalType).toBe("ServicePrincipal");
  });

  it("knows the caller's own principal even when the directory does not", () => {
    const { rbac, scope } = setup();
    const me = "44444444-4444-4444-4444-444444444444";
    const r = rbac.assignments.createOrUpdate(
      scope(RG),
      guid(1),
      { properties: { roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${READER}`, principalId: me } },
      { objectId: me },
    );
    expect(r.view.properties.principalType).toBe("ServicePrincipal");
  });

  it("assigns a custom role within its assignable scopes", () => {
    const { rbac, scope, assign } = setup();
    rbac.definitions.createOrUpdate(
      scope(RG),
      guid(50),
      { properties: { roleName: "rg role", assignableScopes: [RG], permissions: [{ actions: ["*/read"] }] } },
      null,
    );
    expect(assign(SITE, guid(1), SP, guid(50)).view.properties.roleDefinitionId).toBe(
      `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid(50)}`,
    );
    expect(errorOf(() => assign(RG2, guid(2), SP, guid(50)))).toMatchObject({ status: 400, code: "RoleDefinitionDoesNotExist" });
  });

  const errors: Array<[string, (f: ReturnType<typeof setup>) => unknown, number, string, string?]> = [
    [
      "a non-GUID name",
      (f) => f.assign(RG, "my-assignment", SP, READER),
      400,
      "InvalidRoleAssignmentId",
      "The role assignment ID 'my-assignment' is not valid. The role assignment ID must be a GUID.",
    ],
    [
      "an unknown role",
      (f) => f.assign(RG, guid(1), SP, guid(77)),
      400,
      "RoleDefinitionDoesNotExist",
      `The specified role definition with ID '${guid(77)}' does not exist.`,
    ],
    [
      "a malformed role id",
      (f) => f.rbac.assignments.createOrUpdate(f.scope(RG), guid(1), { properties: { roleDefinitionId: "Reader", principalId: SP } }, { objectId: null }),
      400,
      "InvalidRoleDefinitionId",
    ],
    ["a role not assignable at the scope", (f) => f.assign(RG, guid(1), SP, "582fc458-8989-419f-a480-75249bc5db7e"), 400, "RoleDefinitionDoesNotExist"],
    [
      "an unknown principal without a type",
      (f) => f.assign(RG, guid(1), "99999999-9999-9999-9999-999999999999", READER),
      400,
      "PrincipalNotFound",
      `Principal 99999999999999999999999999999999 does not exist in the directory ${TENANT}. Check that you have the correct principal ID. If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype`,
    ],
    ["a principal of another type", (f) => f.assign(RG, guid(1), USER, READER, { principalType: "ServicePrincipal" }), 400, "UnmatchedPrincipalType"],
    ["an invalid principal type", (f) => f.assign(RG, guid(1), SP, READER, { principalType: "Robot" }), 400, "InvalidRoleAssignmentRequest"],
    [
      "a body without principalId",
      (f) =>
        f.rbac.assignments.createOrUpdate(
          f.scope(RG),
          guid(1),
          { properties: { roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${READER}` } },
          { objectId: null },
        ),
      400,
      "InvalidPrincipalId",
      "A valid principal ID must be provided for role assignment.",
    ],
    ["an empty principalId", (f) => f.assign(RG, guid(1), "", READER, { principalType: "ServicePrincipal" }), 400, "InvalidPrincipalId"],
    ["a principalId that is not a GUID", (f) => f.assign(RG, guid(1), "my-app", READER, { principalType: "ServicePrincipal" }), 400, "InvalidPrincipalId"],
    [
      "a body without roleDefinitionId",
      (f) => f.rbac.assignments.createOrUpdate(f.scope(RG), guid(1), { properties: { principalId: SP } }, { objectId: null }),
      400,
      "InvalidRoleAssignmentRequest",
    ],
    ["a missing resource group", (f) => f.assign(`/subscriptions/${SUB}/resourceGroups/nope`, guid(1), SP, READER), 404, "ResourceGroupNotFound"],
    ["a missing subscription", (f) => f.assign("/subscriptions/00000000-0000-0000-0000-00000000dead", guid(1), SP, READER), 404, "SubscriptionNotFound"],
    ["a missing resource", (f) => f.assign(`${RG}/providers/Microsoft.Web/sites/nope`, guid(1), SP, READER), 404, "ResourceNotFound"],
    [
      "the same grant under another name",
      (f) => {
        f.assign(RG, guid(1), SP, READER);
        return f.assign(RG, guid(2), SP, READER);
      },
      409,
      "RoleAssignmentExists",
      "The role assignment already exists.",
    ],
    [
      "a changed role under an existing name",
      (f) => {
        f.assign(RG, guid(1), SP, READER);
        return f.assign(RG, guid(1), SP, CONTRIBUTOR);
      },
      409,
      "RoleAssignmentUpdateNotPermitted",
      "Tenant ID, application ID, principal ID, and scope are not allowed to be updated.",
    ],
    [
      "a changed principal under an existing name",
      (f) => {
        f.assign(RG, guid(1), SP, READER);
        return f.assign(RG, guid(1), SP2, READER);
      },
      409,
      "RoleAssignmentUpdateNotPermitted",
    ],
    [
      "an existing name at another scope",
      (f) => {
        f.assign(RG, guid(1), SP, READER);
        return f.assign(RG2, guid(1), SP, READER);
      },
      409,
      "RoleAssignmentUpdateNotPermitted",
    ],
    [
      "reading a missing assignment",
      (f) => f.rbac.assignments.get(f.scope(RG), guid(9)),
      404,
      "RoleAssignmentNotFound",
      `The role assignment '${guid(9)}' is not found.`,
    ],
    ["an unsupported filter", (f) => f.rbac.assignments.list(f.scope(RG), "roleDefinitionId eq 'x'"), 400, "InvalidFilterInQueryString"],
    ["a malformed filter", (f) => f.rbac.assignments.list(f.scope(RG), "atScope("), 400, "InvalidFilterInQueryString"],
  ];
  it.each(errors)("refuses %s", (_what, act, status, code, message) => {
    const f = setup();
    const before = f.store.count("rbac.roleAssignments");
    const err = errorOf(() => act(f));
    expect(err.status).toBe(status);
    expect(err.code).toBe(code);
    if (message !== undefined) expect(err.message).toBe(message);
    // Nothing half-written: at most the set-up assignment is there.
    expect(f.store.count("rbac.roleAssignments")).toBeLessThanOrEqual(before + 1);
  });

  it("deletes by scope and name, answering nothing the second time", () => {
    const { rbac, scope, assign } = setup();
    assign(SITE, guid(1), SP, READER);
    expect(rbac.assignments.find(scope(SITE), guid(1))?.principalId).toBe(SP);
    expect(rbac.assignments.find(scope(RG), guid(1))).toBeUndefined();
    expect(rbac.assignments.delete(scope(SITE), guid(1))?.name).toBe(guid(1));
    expect(rbac.assignments.delete(scope(SITE), guid(1))).toBeUndefined();
    expect(errorOf(() => rbac.assignments.get(scope(SITE), guid(1))).code).toBe("RoleAssignmentNotFound");
  });
});

describe("listing role assignments", () => {
  function populated() {
    const f = setup();
    f.assign("/", guid(1), SP, READER);
    f.assign(MG, guid(2), SP, READER);
    f.assign(SUBSCRIPTION, guid(3), SP, READER);
    f.assign(RG, guid(4), SP, CONTRIBUTOR);
    f.assign(SITE, guid(5), SP2, OWNER);
    f.assign(SITE_CONFIG, guid(6), SP, OWNER);
    f.assign(RG2, guid(7), SP2, READER);
    f.assign(`/subscriptions/${SUB2}`, guid(8), SP, READER);
    return f;
  }
  const names = (f: ReturnType<typeof setup>, at: string, filter?: string) =>
    f.rbac.assignments
      .list(f.scope(at), filter)
      .map((a) => Number.parseInt(a.name.slice(-4), 16))
      .sort((a, b) => a - b);

  it.each([
    [SUBSCRIPTION, "atScope()", [1, 3]],
    [RG, "atScope()", [1, 3, 4]],
    [SITE_CONFIG, "atScope()", [1, 3, 4, 5, 6]],
    ["/", "atScope()", [1]],
    [SUBSCRIPTION, undefined, [1, 3, 4, 5, 6, 7]],
    [RG, undefined, [1, 3, 4, 5, 6]],
    [SITE, undefined, [1, 3, 4, 5, 6]],
    ["/", undefined, [1, 2, 3, 4, 5, 6, 7, 8]],
    [SUBSCRIPTION, `principalId eq '${SP}'`, [1, 3, 4, 6]],
    [SUBSCRIPTION, `principalId eq '${SP2}'`, [5, 7]],
    [RG, `principalId eq '${SP2.toUpperCase()}'`, [5]],
    [SUBSCRIPTION, `assignedTo('${SP2}')`, [5, 7]],
    [RG, `atScope() and assignedTo('${SP}')`, [1, 3, 4]],
    [SITE, `atScope() and principalId eq '${SP2}'`, [5]],
  ])("at %s with %s", (at, filter, expected) => {
    expect(names(populated(), at, filter)).toEqual(expected);
  });

  it("keeps the casing of the names as created, with ARM's keyword casing", () => {
    const f = setup();
    const mixed = `/subscriptions/${SUB}/resourcegroups/RG1`;
    f.assign(mixed, guid(1).toUpperCase(), SP, READER);
    const [a] = f.rbac.assignments.list(f.scope(RG), "atScope()");
    expect(a?.properties.scope).toBe(`/subscriptions/${SUB}/resourceGroups/RG1`);
    expect(a?.name).toBe(guid(1).toUpperCase());
  });
});

describe("scope deletion", () => {
  it("deletes the assignments at and below a deleted scope, and no others", () => {
    const f = setup();
    f.assign(SUBSCRIPTION, guid(1), SP, READER);
    f.assign(RG, guid(2), SP, READER);
    f.assign(SITE, guid(3), SP, READER);
    f.assign(SITE_CONFIG, guid(4), SP, READER);
    f.assign(RG2, guid(5), SP, READER);
    f.assign(`/subscriptions/${SUB}/resourceGroups/rg10`.toLowerCase(), guid(6), SP, READER, {});
    f.events.emit({ type: "scopeDeleted", scope: f.scope(RG) });
    expect(
      f.rbac.assignments
        .list(f.scope("/"))
        .map((a) => a.name)
        .sort(),
    ).toEqual([guid(1), guid(5), guid(6)]);
  });

  it("keeps a custom role whose only assignable scope is gone, invisible there", () => {
    const f = setup();
    f.rbac.definitions.createOrUpdate(f.scope(RG), guid(50), { properties: { roleName: "rg role", assignableScopes: [RG] } }, null);
    f.events.emit({ type: "scopeDeleted", scope: f.scope(RG) });
    expect(f.rbac.definitions.find(guid(50))?.roleName).toBe("rg role");
  });
});
