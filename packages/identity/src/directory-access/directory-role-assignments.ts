/**
 * Directory roles held by principals (Graph's unifiedRoleAssignment at directory scope "/"),
 * the built-in role definitions they name, and the activated directoryRole objects Graph lists.
 * A token of a principal holding roles carries their template ids in its `wids` claim.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Store } from "@azmi/arm-core";
import { graphErrors } from "@azmi/graph-odata";
import { z } from "zod";
import { kindOf, odataType, type DirectoryObjects } from "../directory/directory-objects.js";
import { directoryRoleTemplate, directoryRoleTemplates, type DirectoryRoleTemplate } from "./graph-permissions.js";

const COLLECTION = "directoryRoleAssignments";

export const roleAssignmentBody = z.strictObject({
  "@odata.type": z.string().optional(),
  principalId: z.string(),
  roleDefinitionId: z.string(),
  directoryScopeId: z.string().optional(),
});
export type RoleAssignmentCreate = z.infer<typeof roleAssignmentBody>;

export interface DirectoryRoleAssignment {
  readonly id: string;
  readonly directoryScopeId: string;
  readonly principalId: string;
  readonly roleDefinitionId: string;
}

/** The unifiedRoleDefinition Graph shows for a built-in role (id = template id). */
export function roleDefinitionView(template: DirectoryRoleTemplate): Record<string, unknown> {
  return {
    id: template.id,
    description: template.description,
    displayName: template.displayName,
    isBuiltIn: true,
    isEnabled: true,
    resourceScopes: ["/"],
    templateId: template.id,
    version: "1",
    rolePermissions: [],
  };
}

export function roleDefinitions(): Record<string, unknown>[] {
  return Object.values(directoryRoleTemplates).map(roleDefinitionView);
}

/** The directoryRole object of an activated role: its own object id (derived from tenant and template), and the template id. */
export function directoryRoleView(tenantId: string, template: DirectoryRoleTemplate): Record<string, unknown> {
  const hex = createHash("sha256").update(`azmi:directory-role:${tenantId.toLowerCase()}:${template.id}`).digest("hex");
  return {
    "@odata.type": odataType("directoryRole"),
    id: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`,
    deletedDateTime: null,
    description: template.description,
    displayName: template.displayName,
    roleTemplateId: template.id,
  };
}

export class DirectoryRoleAssignments {
  constructor(
    private readonly store: Store,
    private readonly objects: DirectoryObjects,
  ) {}

  list(): DirectoryRoleAssignment[] {
    return this.store.list<DirectoryRoleAssignment>(COLLECTION).map((r) => r.value);
  }

  get(id: string): DirectoryRoleAssignment | undefined {
    return this.store.get<DirectoryRoleAssignment>(COLLECTION, id);
  }

  ofPrincipal(principalId: string): DirectoryRoleAssignment[] {
    return this.store.findByIndex<DirectoryRoleAssignment>(COLLECTION, "principal", principalId.toLowerCase()).map((r) => r.value);
  }

  ofRole(templateId: string): DirectoryRoleAssignment[] {
    return this.store.findByIndex<DirectoryRoleAssignment>(COLLECTION, "role", templateId.toLowerCase()).map((r) => r.value);
  }

  /** The template ids of the roles a principal holds: a token's `wids` claim. */
  heldRoles(principalId: string): string[] {
    return [...new Set(this.ofPrincipal(principalId).map((a) => a.roleDefinitionId))];
  }

  /** POST roleManagement/directory/roleAssignments: a built-in role, at the directory scope, to a principal of the tenant. */
  create(body: RoleAssignmentCreate, id: string = randomBytes(32).toString("base64url").slice(0, 43)): DirectoryRoleAssignment {
    const template = directoryRoleTemplate(body.roleDefinitionId);
    if (template === undefined) throw graphErrors.resourceNotFound(body.roleDefinitionId);
    const scope = body.directoryScopeId ?? "/";
    if (scope !== "/") throw graphErrors.badRequest(`azmi assigns directory roles at the directory scope '/' only, not at '${scope}'.`);
    const principal = this.objects.get(body.principalId);
    if (principal === undefined || !["servicePrincipal", "user", "group"].includes(kindOf(principal))) throw graphErrors.resourceNotFound(body.principalId);
    if (this.ofPrincipal(principal.id).some((a) => a.roleDefinitionId === template.id)) {
      throw graphErrors.badRequest("A conflicting object with one or more of the specified property values is present in the directory.");
    }
    const assignment: DirectoryRoleAssignment = { id, directoryScopeId: "/", principalId: principal.id, roleDefinitionId: template.id };
    this.store.put(COLLECTION, id, assignment, { principal: principal.id.toLowerCase(), role: template.id });
    return assignment;
  }

  delete(id: string): boolean {
    return this.store.delete(COLLECTION, id);
  }

  forgetObject(objectId: string): void {
    for (const a of this.ofPrincipal(objectId)) this.store.delete(COLLECTION, a.id);
  }
}
