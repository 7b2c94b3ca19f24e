/**
 * Everything the identity page shows about one managed identity, read through ARM and Graph:
 * the identity (from the inventory), its service principal, federated credentials, role
 * assignments anywhere (ARM's assignedTo filter at the tenant root) with role names, and the
 * Graph app roles it holds. undefined when no managed identity has that principal id.
 */
import { readInventory, roleGuidOf, type RoleAssignment } from "./inventory.js";
import type { IdentityDetail } from "./pages/identity.js";
import { API, type ConsoleReads } from "./reads.js";

interface ServicePrincipal {
  readonly id: string;
  readonly displayName?: string;
  readonly appId?: string;
  readonly servicePrincipalType?: string;
  readonly alternativeNames?: readonly string[];
  readonly appRoles?: ReadonlyArray<{ readonly id: string; readonly value?: string }>;
}

export async function readIdentityDetail(reads: ConsoleReads, principalId: string): Promise<IdentityDetail | undefined> {
  const inventory = await readInventory(reads);
  const identity = inventory.identities.find((i) => i.principalId.toLowerCase() === principalId.toLowerCase());
  if (identity === undefined) return undefined;
  const sp = reads.graph<ServicePrincipal>(`servicePrincipals/${identity.principalId}`);
  const federatedCredentials =
    identity.kind === "user-assigned"
      ? (
          await reads.armList<{ name: string; properties: { issuer: string; subject: string; audiences: string[] } }>(
            `${identity.resourceId}/federatedIdentityCredentials`,
            API.identities,
          )
        ).map((f) => ({ name: f.name, ...f.properties }))
      : [];
  const assignments = await reads.armList<RoleAssignment>("/providers/Microsoft.Authorization/roleAssignments", API.authorization, {
    $filter: `assignedTo('${identity.principalId}')`,
  });
  return {
    identity,
    servicePrincipal: sp.ok ? sp.value : undefined,
    federatedCredentials,
    roleAssignments: await Promise.all(
      assignments.map(async (a) => ({
        name: a.name,
        scope: a.properties.scope,
        roleDefinitionId: a.properties.roleDefinitionId,
        roleName: await roleName(reads, a),
      })),
    ),
    appRoles: appRolesOf(reads, identity.principalId),
  };
}

async function roleName(reads: ConsoleReads, assignment: RoleAssignment): Promise<string> {
  // A role definition is read at the assignment's scope, where it must be visible to be assigned.
  const scope = assignment.properties.scope === "/" ? "" : assignment.properties.scope;
  const read = await reads.arm<{ properties: { roleName: string } }>(
    `${scope}/providers/Microsoft.Authorization/roleDefinitions/${roleGuidOf(assignment.properties.roleDefinitionId)}`,
    API.authorization,
  );
  return read.ok ? read.value.properties.roleName : roleGuidOf(assignment.properties.roleDefinitionId);
}

function appRolesOf(reads: ConsoleReads, principalId: string): Array<{ resourceDisplayName: string; appRole: string }> {
  const read = reads.graph<{ value: Array<{ appRoleId: string; resourceId: string; resourceDisplayName?: string }> }>(
    `servicePrincipals/${principalId}/appRoleAssignments`,
  );
  if (!read.ok) return [];
  return read.value.value.map((a) => {
    const resource = reads.graph<ServicePrincipal>(`servicePrincipals/${a.resourceId}`);
    const role = resource.ok ? resource.value.appRoles?.find((r) => r.id === a.appRoleId) : undefined;
    return { resourceDisplayName: a.resourceDisplayName ?? a.resourceId, appRole: role?.value ?? a.appRoleId };
  });
}
