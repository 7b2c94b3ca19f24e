import { describe, expect, it } from "vitest";
import { ROLE_DEFINITION_DELETE, ROLE_DEFINITION_WRITE, roleDefinitionDeleteRequirements, roleDefinitionWriteRequirements } from "../src/index.js";
import { OWNER, RG, RG2, SP, SUB, guid, setup } from "./fixture.js";

const SUBSCRIPTION = `/subscriptions/${SUB}`;
const UAA = "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9";

function world() {
  const f = setup();
  f.rbac.definitions.createOrUpdate(
    f.scope(SUBSCRIPTION),
    guid(70),
    { properties: { roleName: "Subscription reader", assignableScopes: [SUBSCRIPTION], permissions: [{ actions: ["*/read"] }] } },
    null,
  );
  // SP may manage roles in rg1 only.
  f.assign(RG, guid(1), SP, UAA);
  return f;
}

const keys = (rs: { action: string; scope: { key: string } }[]) => rs.map((r) => `${r.action} ${r.scope.key}`);

describe("a custom role's change needs the right at every assignable scope", () => {
  it("a PUT sent to a group asks for write at the role's existing subscription scope as well as the group", () => {
    const f = world();
    const needed = roleDefinitionWriteRequirements(f.rbac.definitions, f.scope(RG), guid(70), {
      properties: { roleName: "Subscription reader", assignableScopes: [RG], permissions: [{ actions: ["*"] }] },
    });
    expect(keys(needed)).toEqual([`${ROLE_DEFINITION_WRITE} ${SUBSCRIPTION.toLowerCase()}`, `${ROLE_DEFINITION_WRITE} ${RG.toLowerCase()}`]);
    const refused = f.rbac.evaluator.firstRefused(SP, needed);
    expect(refused?.requirement.scope.key).toBe(SUBSCRIPTION.toLowerCase());
  });

  it("a new role asks for write at each scope it names, and the URL's scope when it names none", () => {
    const f = world();
    const both = roleDefinitionWriteRequirements(f.rbac.definitions, f.scope(RG), guid(71), { properties: { roleName: "n", assignableScopes: [RG, RG2] } });
    expect(keys(both)).toEqual([`${ROLE_DEFINITION_WRITE} ${RG.toLowerCase()}`, `${ROLE_DEFINITION_WRITE} ${RG2.toLowerCase()}`]);
    expect(f.rbac.evaluator.firstRefused(SP, both)?.requirement.scope.key).toBe(RG2.toLowerCase());
    const implicit = roleDefinitionWriteRequirements(f.rbac.definitions, f.scope(RG), guid(71), { properties: { roleName: "n" } });
    expect(keys(implicit)).toEqual([`${ROLE_DEFINITION_WRITE} ${RG.toLowerCase()}`]);
    expect(f.rbac.evaluator.firstRefused(SP, implicit)).toBeUndefined();
  });

  it("a delete asks for delete at every assignable scope, and nothing when it would delete nothing", () => {
    const f = world();
    const needed = roleDefinitionDeleteRequirements(f.rbac.definitions, f.scope(RG), guid(70));
    expect(keys(needed)).toEqual([`${ROLE_DEFINITION_DELETE} ${SUBSCRIPTION.toLowerCase()}`]);
    expect(f.rbac.evaluator.firstRefused(SP, needed)).toBeDefined();
    f.assign(SUBSCRIPTION, guid(2), SP, OWNER);
    expect(f.rbac.evaluator.firstRefused(SP, needed)).toBeUndefined();
    expect(roleDefinitionDeleteRequirements(f.rbac.definitions, f.scope(RG), guid(99))).toEqual([]);
  });

  it("built-in roles and malformed names ask for nothing more (their own errors answer)", () => {
    const f = world();
    expect(roleDefinitionWriteRequirements(f.rbac.definitions, f.scope(RG), OWNER, { properties: { roleName: "x" } })).toEqual([]);
    expect(roleDefinitionWriteRequirements(f.rbac.definitions, f.scope(RG), "not-a-guid", { properties: { roleName: "x" } })).toEqual([]);
  });
});
