/**
 * Who may do what on the notes data plane: two custom roles and an RBAC instance over an
 * in-memory store, made with @azmi/rbac as azmi makes its own.
 */
import { MemoryStore, parseResourceId } from "@azmi/arm-core";
import { createRbac, type Rbac } from "@azmi/rbac";
import { READ_NOTE, WRITE_NOTE } from "./notes-service.js";

export const NOTES_READER = "0b6fc1a6-5a8e-4d4e-9a43-8d3f8c9b0a01";
export const NOTES_WRITER = "0b6fc1a6-5a8e-4d4e-9a43-8d3f8c9b0a02";

export function notesAccess(tenantId: string, subscriptionId: string): { rbac: Rbac; grant(scope: string, principalId: string, roleGuid: string): void } {
  const rbac = createRbac({
    store: new MemoryStore(),
    tenantId,
    // Every scope exists for this service: it has no resource manager of its own.
    scopeExists: () => true,
    findPrincipal: () => ({ principalType: "ServicePrincipal" }),
  });
  const subscription = parseResourceId(`/subscriptions/${subscriptionId}`);
  const role = (guid: string, roleName: string, dataActions: string[]) =>
    rbac.definitions.createOrUpdate(
      subscription,
      guid,
      { properties: { roleName, assignableScopes: [subscription.id], permissions: [{ dataActions }] } },
      null,
    );
  role(NOTES_READER, "Notes Reader", [READ_NOTE]);
  role(NOTES_WRITER, "Notes Writer", [READ_NOTE, WRITE_NOTE]);
  let n = 0;
  return {
    rbac,
    grant(scope, principalId, roleGuid) {
      const name = `7d0f3a52-0000-4000-8000-${(++n).toString(16).padStart(12, "0")}`;
      const roleDefinitionId = `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`;
      rbac.assignments.createOrUpdate(parseResourceId(scope), name, { properties: { roleDefinitionId, principalId } }, { objectId: null });
    },
  };
}
