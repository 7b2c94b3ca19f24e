/**
 * Assertions for users' tests, asked of azmi over HTTP the way a client would (so they hold for
 * whatever put the state there: Terraform, Bicep, az, an SDK). They throw node's AssertionError,
 * which vitest, jest and node:test all report, and return what they found.
 *
 *   await expectRoleAssignment({ principalId, role: "Reader", scope: rgId });
 *   await expectLock(rgId, "CanNotDelete");
 *   const identity = await expectIdentity(identityId);   // { principalId, clientId, tenantId }
 *
 * Each takes the azmi to ask as its last argument, the last one startAzmi() started by default.
 */
import { AssertionError } from "node:assert";
import { currentAzmi, type RunningTestAzmi } from "./start.js";

const ROLE_API = "2022-04-01";
const ROLE_DEFINITION_API = "2022-05-01-preview";
const LOCK_API = "2020-05-01";
const IDENTITY_API = "2023-01-31";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const sameId = (a: string, b: string) => a.replace(/\/+$/, "").toLowerCase() === b.replace(/\/+$/, "").toLowerCase();
const lastSegment = (id: string) => id.replace(/\/+$/, "").split("/").pop()!.toLowerCase();

function fail(message: string, actual?: unknown, expected?: unknown): never {
  throw new AssertionError({ message, actual, expected, operator: "azmi" });
}

export interface RoleAssignmentQuery {
  readonly principalId: string;
  /** A role name ("Reader"), a role definition GUID, or a role definition id. */
  readonly role: string;
  readonly scope: string;
  /** Also accept an assignment at an ancestor of scope (what applies there). Default: exactly at scope. */
  readonly inherited?: boolean;
}

export interface FoundRoleAssignment {
  readonly id: string;
  readonly name: string;
  readonly scope: string;
  readonly roleDefinitionId: string;
  readonly principalId: string;
  readonly principalType?: string;
}

async function roleDefinitionGuid(role: string, scope: string, azmi: RunningTestAzmi): Promise<string> {
  if (GUID.test(role)) return role.toLowerCase();
  if (role.includes("/")) return lastSegment(role);
  const filter = encodeURIComponent(`roleName eq '${role.replace(/'/g, "''")}'`);
  const found = await azmi.request("GET", `${scope}/providers/Microsoft.Authorization/roleDefinitions?api-version=${ROLE_DEFINITION_API}&$filter=${filter}`);
  const value = (found.json?.value ?? []) as Array<{ name: string }>;
  if (found.status !== 200 || value.length !== 1)
    fail(`expected exactly one role named '${role}' at ${scope}, azmi answered ${found.status} with ${value.length}: ${found.text.slice(0, 300)}`);
  return value[0]!.name.toLowerCase();
}

export async function expectRoleAssignment(query: RoleAssignmentQuery, azmi: RunningTestAzmi = currentAzmi()): Promise<FoundRoleAssignment> {
  const roleGuid = await roleDefinitionGuid(query.role, query.scope, azmi);
  const filter = encodeURIComponent(`principalId eq '${query.principalId}'`);
  const listed = await azmi.request("GET", `${query.scope}/providers/Microsoft.Authorization/roleAssignments?api-version=${ROLE_API}&$filter=${filter}`);
  if (listed.status !== 200) fail(`listing role assignments at ${query.scope} answered ${listed.status}: ${listed.text.slice(0, 300)}`);
  const all = ((listed.json?.value ?? []) as Array<{ id: string; name: string; properties: Omit<FoundRoleAssignment, "id" | "name"> }>).map((a) => ({
    id: a.id,
    name: a.name,
    ...a.properties,
  }));
  const scopeLower = query.scope.replace(/\/+$/, "").toLowerCase();
  const applies = (scope: string) => {
    const s = scope.replace(/\/+$/, "").toLowerCase();
    return query.inherited === true ? s === "" || s === "/" || scopeLower === s || scopeLower.startsWith(`${s}/`) : s === scopeLower;
  };
  const match = all.find(
    (a) => a.principalId.toLowerCase() === query.principalId.toLowerCase() && lastSegment(a.roleDefinitionId) === roleGuid && applies(a.scope),
  );
  if (match === undefined) {
    const seen = all.map((a) => `${a.roleDefinitionId} at ${a.scope}`);
    fail(
      `expected principal ${query.principalId} to hold role '${query.role}' ${query.inherited ? "at or above" : "at"} ${query.scope}; it holds: ${seen.length === 0 ? "nothing there" : seen.join("; ")}`,
      seen,
      query,
    );
  }
  return match;
}

export type LockLevel = "CanNotDelete" | "ReadOnly";

export interface FoundLock {
  readonly id: string;
  readonly name: string;
  readonly level: LockLevel;
  readonly notes?: string;
}

/** A lock of that level exactly at scope (`{ inherited: true }`: at scope or any ancestor). */
export async function expectLock(
  scope: string,
  level: LockLevel,
  options: { inherited?: boolean } = {},
  azmi: RunningTestAzmi = currentAzmi(),
): Promise<FoundLock> {
  const listed = await azmi.request("GET", `${scope.replace(/\/+$/, "")}/providers/Microsoft.Authorization/locks?api-version=${LOCK_API}`);
  if (listed.status !== 200) fail(`listing locks at ${scope} answered ${listed.status}: ${listed.text.slice(0, 300)}`);
  const locks = ((listed.json?.value ?? []) as Array<{ id: string; name: string; properties: { level: LockLevel; notes?: string } }>).map((l) => ({
    id: l.id,
    name: l.name,
    level: l.properties.level,
    ...(l.properties.notes === undefined ? {} : { notes: l.properties.notes }),
    at: l.id.slice(0, l.id.toLowerCase().lastIndexOf("/providers/microsoft.authorization/locks/")),
  }));
  const scopeLower = scope.replace(/\/+$/, "").toLowerCase();
  const applies = (at: string) =>
    options.inherited === true ? scopeLower === at.toLowerCase() || scopeLower.startsWith(`${at.toLowerCase()}/`) : sameId(at, scope);
  const match = locks.find((l) => l.level === level && applies(l.at));
  if (match === undefined) {
    const seen = locks.map((l) => `${l.level} at ${l.at}`);
    fail(`expected a ${level} lock ${options.inherited ? "at or above" : "at"} ${scope}; found: ${seen.length === 0 ? "none" : seen.join("; ")}`, seen, level);
  }
  const { at: _at, ...lock } = match;
  return lock;
}

export interface FoundIdentity {
  readonly principalId: string;
  readonly clientId: string;
  readonly tenantId: string;
}

/**
 * A managed identity that exists and has its service principal in the directory. `id` is a
 * user-assigned identity's id, or any resource's id for its system-assigned identity.
 */
export async function expectIdentity(id: string, azmi: RunningTestAzmi = currentAzmi()): Promise<FoundIdentity> {
  const userAssigned = /\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/[^/]+\/?$/i.test(id);
  const path = userAssigned ? id : `${id.replace(/\/+$/, "")}/providers/Microsoft.ManagedIdentity/identities/default`;
  const found = await azmi.request("GET", `${path}?api-version=${IDENTITY_API}`);
  if (found.status !== 200)
    fail(`expected the ${userAssigned ? "user-assigned" : "system-assigned"} identity ${id}; azmi answered ${found.status}: ${found.text.slice(0, 300)}`);
  const { principalId, clientId, tenantId } = (found.json?.properties ?? {}) as Partial<FoundIdentity>;
  if (!principalId || !clientId || !tenantId) fail(`identity ${id} has no principalId/clientId/tenantId: ${found.text.slice(0, 300)}`);
  const principal = await azmi.request("GET", `/v1.0/servicePrincipals/${principalId}`);
  if (principal.status !== 200)
    fail(`identity ${id} has principalId ${principalId}, but the directory has no such service principal (Graph answered ${principal.status})`);
  if (String(principal.json?.appId).toLowerCase() !== clientId.toLowerCase())
    fail(`identity ${id}: its service principal's appId ${principal.json?.appId} is not its clientId ${clientId}`);
  return { principalId, clientId, tenantId };
}
