import { describe, expect, it } from "vitest";
import { evaluateCondition, type ConditionAttributes } from "../src/conditions.js";

const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";
const OWNER = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
const WRITE = "Microsoft.Authorization/roleAssignments/write";
const DELETE = "Microsoft.Authorization/roleAssignments/delete";
const REQUEST = (name: string) => `@Request[Microsoft.Authorization/roleAssignments:${name}]`;
const RESOURCE = (name: string) => `@Resource[Microsoft.Authorization/roleAssignments:${name}]`;

// The shape the portal writes for "Constrain roles and principal types" (write and delete halves).
const DELEGATION = `
(
 (
  !(ActionMatches{'${WRITE}'})
 )
 OR
 (
  @Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${READER}, ${CONTRIBUTOR}}
  AND
  @Request[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {'ServicePrincipal'}
 )
)
AND
(
 (
  !(ActionMatches{'${DELETE}'})
 )
 OR
 (
  @Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${READER}, ${CONTRIBUTOR}}
 )
)`;

const writing = (role: string, principalType: string): ConditionAttributes => ({
  [REQUEST("RoleDefinitionId")]: [role],
  [REQUEST("PrincipalType")]: [principalType],
});

describe("conditions on role assignments", () => {
  it("let a delegate assign only the roles and principal types the condition names", () => {
    expect(evaluateCondition(DELEGATION, { operation: WRITE, attributes: writing(READER, "ServicePrincipal") })).toEqual({ holds: true });
    expect(evaluateCondition(DELEGATION, { operation: WRITE, attributes: writing(CONTRIBUTOR.toUpperCase(), "servicePRINCIPAL") })).toEqual({ holds: true });
    expect(evaluateCondition(DELEGATION, { operation: WRITE, attributes: writing(OWNER, "ServicePrincipal") })).toMatchObject({ holds: false });
    expect(evaluateCondition(DELEGATION, { operation: WRITE, attributes: writing(READER, "User") })).toMatchObject({ holds: false });
  });

  it("constrain deletes by the stored assignment, and leave other actions alone", () => {
    expect(evaluateCondition(DELEGATION, { operation: DELETE, attributes: { [RESOURCE("RoleDefinitionId")]: [READER] } })).toEqual({ holds: true });
    expect(evaluateCondition(DELEGATION, { operation: DELETE, attributes: { [RESOURCE("RoleDefinitionId")]: [OWNER] } })).toMatchObject({ holds: false });
    expect(evaluateCondition(DELEGATION, { operation: "Microsoft.Authorization/roleAssignments/read" })).toEqual({ holds: true });
  });

  it("do not hold when the request lacks an attribute they ask about", () => {
    expect(evaluateCondition(DELEGATION, { operation: WRITE })).toMatchObject({ holds: false, reason: "its condition does not hold for this request" });
    expect(evaluateCondition(`Exists ${REQUEST("PrincipalId")}`, { operation: WRITE })).toMatchObject({ holds: false });
    expect(evaluateCondition(`NotExists ${REQUEST("PrincipalId")}`, { operation: WRITE })).toEqual({ holds: true });
  });

  it("apply the quantifiers to multi-valued attributes", () => {
    const attributes = { "@Request[tags]": ["a", "b"] };
    expect(evaluateCondition(`@Request[tags] ForAnyOfAnyValues:StringEquals {'b', 'c'}`, { operation: WRITE, attributes }).holds).toBe(true);
    expect(evaluateCondition(`@Request[tags] ForAllOfAnyValues:StringEquals {'b', 'c'}`, { operation: WRITE, attributes }).holds).toBe(false);
    expect(evaluateCondition(`@Request[tags] ForAllOfAnyValues:StringEquals {'a', 'b', 'c'}`, { operation: WRITE, attributes }).holds).toBe(true);
    expect(evaluateCondition(`@Request[tags] ForAnyOfAllValues:StringNotEquals {'a', 'c'}`, { operation: WRITE, attributes }).holds).toBe(true);
    expect(evaluateCondition(`@Request[tags] ForAllOfAllValues:StringLike {'*'}`, { operation: WRITE, attributes }).holds).toBe(true);
    expect(evaluateCondition(`@Request[tags] StringStartsWith 'b' && NOT (@Request[tags] StringEquals 'z')`, { operation: WRITE, attributes }).holds).toBe(
      true,
    );
  });

  it("fail, with the reason, when azmi cannot read them", () => {
    for (const condition of [
      `@Request[x] Bogus:StringEquals 'a'`,
      `@Request[x] Frobnicates 'a'`,
      `(ActionMatches{'a'}`,
      `ActionMatches{'a'} XOR ActionMatches{'b'}`,
      `'unclosed`,
    ]) {
      const outcome = evaluateCondition(condition, { operation: WRITE, attributes: { "@Request[x]": ["a"] } });
      expect(outcome.holds).toBe(false);
      expect(outcome).toMatchObject({ reason: expect.stringMatching(/^its condition cannot be evaluated: /) });
    }
  });
});
