import { EventBus, MemoryStore, parseResourceId, type CoreEvent, type ResourceId } from "@azmi/arm-core";
import { createRbac, type PrincipalType } from "../src/index.js";

export const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
export const SUB = "00000000-0000-0000-0000-0000000000aa";
export const SUB2 = "00000000-0000-0000-0000-0000000000bb";
export const RG = `/subscriptions/${SUB}/resourceGroups/rg1`;
export const RG2 = `/subscriptions/${SUB}/resourceGroups/rg2`;
export const SITE = `${RG}/providers/Microsoft.Web/sites/app1`;
export const SITE_CONFIG = `${SITE}/config/web`;
export const MG = "/providers/Microsoft.Management/managementGroups/mg1";

export const OWNER = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
export const CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";
export const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
export const BLOB_READER = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";

export const SP = "11111111-1111-1111-1111-111111111111";
export const SP2 = "22222222-2222-2222-2222-222222222222";
export const USER = "33333333-3333-3333-3333-333333333333";

export function guid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
}

export function setup(extraScopes: string[] = []) {
  const store = new MemoryStore();
  const events = new EventBus<CoreEvent>();
  const scopes = new Set(
    [`/subscriptions/${SUB}/resourceGroups/rg10`, `/subscriptions/${SUB}`, `/subscriptions/${SUB2}`, RG, RG2, SITE, SITE_CONFIG, MG, "/", ...extraScopes].map(
      (s) => s.toLowerCase(),
    ),
  );
  const principals = new Map<string, PrincipalType>([
    [SP, "ServicePrincipal"],
    [SP2, "ServicePrincipal"],
    [USER, "User"],
  ]);
  let clock = Date.parse("2026-01-01T00:00:00Z");
  const rbac = createRbac({
    store,
    tenantId: TENANT,
    scopeExists: (s: ResourceId) => scopes.has(s.key),
    findPrincipal: (id) => {
      const t = principals.get(id.toLowerCase());
      return t === undefined ? undefined : { principalType: t };
    },
    now: () => new Date((clock += 1000)),
    subscriptions: () => [SUB, SUB2],
  });
  rbac.managementGroups.put("mg1", {}, { actor: SP, now: new Date(clock) });
  // The app's cascade on deletion (reactions.ts), as far as this package goes.
  events.on("scopeDeleted", (event) => rbac.assignments.deleteAtAndBelow(event.scope));
  const scope = (id: string) => parseResourceId(id);
  const assign = (at: string, name: string, principalId: string, role: string, extra: Record<string, unknown> = {}) =>
    rbac.assignments.createOrUpdate(
      scope(at),
      name,
      { properties: { roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${role}`, principalId, ...extra } },
      { objectId: SP },
    );
  return { store, events, scopes, principals, rbac, scope, assign };
}

/** The ArmError a function throws, for table-driven error assertions. */
export function errorOf(fn: () => unknown): { status: number; code: string; message: string } {
  try {
    fn();
  } catch (e) {
    const err = e as { status: number; code: string; message: string };
    return { status: err.status, code: err.code, message: err.message };
  }
  throw new Error("expected an error");
}
