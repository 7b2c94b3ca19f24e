/**
 * What each Microsoft Graph operation azmi serves needs, after Microsoft's permission reference
 * for that API (application permissions, least privileged first) and the Entra built-in roles
 * that carry the same right. ONE table: the Graph routes name their operation, and
 * decideGraphOperation answers from here alone.
 *
 * Alternatives, any one of which allows an operation:
 *  - `permissions`: an application permission in the token's `roles` (app-only) or `scp` (delegated);
 *  - `ownedPermissions`: the same, but only on an object the caller owns (Application.ReadWrite.OwnedBy);
 *  - `roles`: a directory role the caller holds (the token's `wids`); "anyRole" = any directory role,
 *    as every built-in role can read the basic directory;
 *  - `owners`: a signed-in user (delegated token) who owns the object, as users manage their own apps.
 * Global Administrator holds every right, so it is in every row.
 */
import { directoryRoleTemplates as r, type GraphPermission } from "./graph-permissions.js";

export interface GraphRequirement {
  readonly permissions: readonly GraphPermission[];
  readonly ownedPermissions?: readonly GraphPermission[];
  readonly roles: readonly string[] | "anyRole";
  readonly owners?: boolean;
  /** Any authenticated caller (e.g. /me, whose answer is the caller itself). */
  readonly open?: boolean;
}

const ga = r.globalAdministrator.id;
const appAdmins = [ga, r.applicationAdministrator.id, r.cloudApplicationAdministrator.id];

const readApplications: GraphRequirement = {
  permissions: ["Application.Read.All", "Application.ReadWrite.OwnedBy", "Application.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
  roles: "anyRole",
};
const writeApplications: GraphRequirement = {
  permissions: ["Application.ReadWrite.All"],
  ownedPermissions: ["Application.ReadWrite.OwnedBy"],
  roles: appAdmins,
  owners: true,
};
const readUsers: GraphRequirement = {
  permissions: ["User.ReadBasic.All", "User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
  roles: "anyRole",
};
const writeUsers: GraphRequirement = { permissions: ["User.ReadWrite.All", "Directory.ReadWrite.All"], roles: [ga, r.userAdministrator.id] };
const readGroups: GraphRequirement = {
  permissions: ["Group.Read.All", "Group.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
  roles: "anyRole",
};
const writeGroups: GraphRequirement = {
  permissions: ["Group.ReadWrite.All", "Directory.ReadWrite.All"],
  roles: [ga, r.groupsAdministrator.id, r.userAdministrator.id],
  owners: true,
};
const readRoleManagement: GraphRequirement = {
  permissions: ["RoleManagement.Read.Directory", "RoleManagement.ReadWrite.Directory", "Directory.Read.All", "Directory.ReadWrite.All"],
  roles: "anyRole",
};

export const graphOperations = {
  "applications.read": readApplications,
  /** POST /applications: with OwnedBy the caller becomes the new application's owner. */
  "applications.create": { permissions: ["Application.ReadWrite.OwnedBy", "Application.ReadWrite.All"], roles: appAdmins },
  "applications.update": writeApplications,
  "applications.delete": writeApplications,
  /** addPassword, removePassword (and addKey, removeKey): credentials are the keys to the application. */
  "applications.credentials": writeApplications,
  /** Adding or removing an owner: OwnedBy is not enough ("consent also to Application.ReadWrite.All"). */
  "applications.owners": { permissions: ["Application.ReadWrite.All"], roles: appAdmins, owners: true },
  "servicePrincipals.read": readApplications,
  "servicePrincipals.create": { permissions: ["Application.ReadWrite.OwnedBy", "Application.ReadWrite.All"], roles: appAdmins },
  "servicePrincipals.update": writeApplications,
  "servicePrincipals.delete": writeApplications,
  "servicePrincipals.owners": { permissions: ["Application.ReadWrite.All"], roles: appAdmins, owners: true },
  "appRoleAssignments.read": {
    permissions: ["Application.Read.All", "AppRoleAssignment.ReadWrite.All", "Application.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
    roles: "anyRole",
  },
  /** Granting or revoking an app role (an application permission, e.g. one of Microsoft Graph's). */
  "appRoleAssignments.write": { permissions: ["AppRoleAssignment.ReadWrite.All"], roles: [ga, r.privilegedRoleAdministrator.id] },
  "users.read": readUsers,
  "users.write": writeUsers,
  "groups.read": readGroups,
  "groups.write": writeGroups,
  "directoryObjects.read": {
    permissions: ["Directory.Read.All", "Directory.ReadWrite.All", "Application.Read.All", "Application.ReadWrite.All", "User.Read.All"],
    roles: "anyRole",
  },
  "organization.read": { permissions: ["Organization.Read.All", "Directory.Read.All", "Directory.ReadWrite.All", "User.Read.All"], roles: "anyRole" },
  "directoryRoles.read": readRoleManagement,
  "roleManagement.read": readRoleManagement,
  /** Assigning a directory role: RoleManagement.ReadWrite.Directory, or Privileged Role Administrator. */
  "roleManagement.write": { permissions: ["RoleManagement.ReadWrite.Directory"], roles: [ga, r.privilegedRoleAdministrator.id] },
  "me.read": { permissions: [], roles: [], open: true },
} satisfies Record<string, GraphRequirement>;

export type GraphOperation = keyof typeof graphOperations;

/** What a caller holds, from its token: app roles (`roles`), delegated scopes (`scp`), directory roles (`wids`). */
export interface GraphGrants {
  readonly objectId: string | undefined;
  readonly delegated: boolean;
  readonly roles: readonly string[];
  readonly scopes: readonly string[];
  readonly wids: readonly string[];
}

export interface GraphDecision {
  readonly allowed: boolean;
  /** One line, ASCII: which right allowed it, or what would have. */
  readonly reason: string;
}

/**
 * Whether `grants` allow `operation`. `ownsTarget` is asked only when ownership could decide
 * (the operation has owned alternatives and nothing else allowed it).
 */
export function decideGraphOperation(operation: GraphOperation, grants: GraphGrants, ownsTarget: () => boolean): GraphDecision {
  const needed: GraphRequirement = graphOperations[operation];
  if (needed.open) return { allowed: true, reason: `${operation} is open to any authenticated caller` };
  if (grants.objectId === undefined) return { allowed: false, reason: `${operation}: no bearer token, so no permission or directory role` };
  const held = new Set((grants.delegated ? grants.scopes : grants.roles).map((p) => p.toLowerCase()));
  const kind = grants.delegated ? "delegated permission" : "application permission";
  const permission = needed.permissions.find((p) => held.has(p.toLowerCase()));
  if (permission !== undefined) return { allowed: true, reason: `${operation} allowed by the ${kind} ${permission}` };
  const wids = new Set(grants.wids.map((w) => w.toLowerCase()));
  const role = needed.roles === "anyRole" ? grants.wids[0] : needed.roles.find((id) => wids.has(id));
  if (role !== undefined) return { allowed: true, reason: `${operation} allowed by the directory role ${roleName(role)}` };
  const owned = (needed.ownedPermissions ?? []).find((p) => held.has(p.toLowerCase()));
  if (owned !== undefined && ownsTarget()) return { allowed: true, reason: `${operation} allowed by the ${kind} ${owned} on an object the caller owns` };
  if (needed.owners === true && grants.delegated && ownsTarget()) return { allowed: true, reason: `${operation} allowed: the signed-in user owns the object` };
  return { allowed: false, reason: `${operation} needs ${describe(needed)}; the caller (${grants.objectId}) holds ${holdings(grants)}` };
}

function roleName(id: string): string {
  return Object.values(r).find((t) => t.id === id.toLowerCase())?.displayName ?? id;
}

function describe(needed: GraphRequirement): string {
  const parts = [`one of the application permissions ${needed.permissions.join(", ")}`];
  if (needed.ownedPermissions !== undefined) parts.push(`${needed.ownedPermissions.join(", ")} on an object it owns`);
  parts.push(needed.roles === "anyRole" ? "any directory role" : `one of the directory roles ${needed.roles.map(roleName).join(", ")}`);
  if (needed.owners === true) parts.push("ownership by a signed-in user");
  return parts.join(", or ");
}

function holdings(grants: GraphGrants): string {
  const permissions = grants.delegated ? grants.scopes : grants.roles;
  const p = permissions.length === 0 ? "no permission" : `permissions ${permissions.join(", ")}`;
  const w = grants.wids.length === 0 ? "no directory role" : `directory roles ${grants.wids.map(roleName).join(", ")}`;
  return `${p} and ${w}`;
}
