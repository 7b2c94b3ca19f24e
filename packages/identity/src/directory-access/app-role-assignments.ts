/**
 * App role assignments (Graph's appRoleAssignment): a principal (service principal, user or
 * group) granted one app role of a resource service principal, e.g. a managed identity granted
 * Microsoft Graph's Application.ReadWrite.All. The same object is reached from both ends:
 * /servicePrincipals/{principal}/appRoleAssignments and /servicePrincipals/{resource}/appRoleAssignedTo.
 * A token for the resource carries the granted roles' values in its `roles` claim.
 */
import { randomBytes } from "node:crypto";
import type { Store } from "@azmi/arm-core";
import { graphErrors } from "@azmi/graph-odata";
import { z } from "zod";
import { kindOf, type DirectoryObject, type DirectoryObjects } from "../directory/directory-objects.js";
import { directoryTimestamp } from "../directory/directory-timestamp.js";

const COLLECTION = "appRoleAssignments";
/** The app role id that means "default access" to a resource without app roles. */
export const DEFAULT_ACCESS_APP_ROLE_ID = "00000000-0000-0000-0000-000000000000";

export const appRoleAssignmentBody = z
  .strictObject({
    "@odata.type": z.string().optional(),
    principalId: z.string(),
    resourceId: z.string(),
    appRoleId: z.string(),
  })
  .partial({ "@odata.type": true });
export type AppRoleAssignmentCreate = z.infer<typeof appRoleAssignmentBody>;

export interface AppRoleAssignment {
  readonly id: string;
  readonly deletedDateTime: null;
  readonly appRoleId: string;
  readonly createdDateTime: string;
  readonly principalDisplayName: string | null;
  readonly principalId: string;
  readonly principalType: "ServicePrincipal" | "User" | "Group";
  readonly resourceDisplayName: string | null;
  readonly resourceId: string;
}

const PRINCIPAL_TYPES: Record<string, AppRoleAssignment["principalType"]> = { serviceprincipal: "ServicePrincipal", user: "User", group: "Group" };

interface AppRole {
  readonly id?: unknown;
  readonly value?: unknown;
  readonly isEnabled?: unknown;
  readonly allowedMemberTypes?: unknown;
}

function appRolesOf(resource: DirectoryObject): AppRole[] {
  return Array.isArray(resource.appRoles) ? (resource.appRoles as AppRole[]) : [];
}

export class AppRoleAssignments {
  constructor(
    private readonly store: Store,
    private readonly objects: DirectoryObjects,
  ) {}

  get(id: string): AppRoleAssignment | undefined {
    return this.store.get<AppRoleAssignment>(COLLECTION, id);
  }

  /** What a principal was granted (its appRoleAssignments), in id order. */
  ofPrincipal(principalId: string): AppRoleAssignment[] {
    return this.store.findByIndex<AppRoleAssignment>(COLLECTION, "principal", principalId.toLowerCase()).map((r) => r.value);
  }

  /** Who was granted a resource's roles (its appRoleAssignedTo), in id order. */
  ofResource(resourceId: string): AppRoleAssignment[] {
    return this.store.findByIndex<AppRoleAssignment>(COLLECTION, "resource", resourceId.toLowerCase()).map((r) => r.value);
  }

  /** The values of the roles a principal holds on a resource: a token's `roles` claim. */
  roleValues(principalId: string, resource: DirectoryObject): string[] {
    const roles = appRolesOf(resource);
    const values = new Set<string>();
    for (const assignment of this.ofPrincipal(principalId)) {
      if (assignment.resourceId.toLowerCase() !== resource.id.toLowerCase()) continue;
      const role = roles.find((r) => String(r.id).toLowerCase() === assignment.appRoleId.toLowerCase());
      if (role !== undefined && role.isEnabled !== false && typeof role.value === "string") values.add(role.value);
    }
    return [...values];
  }

  /**
   * Grants `appRoleId` of `resourceId` to `principalId`, as Graph checks it: both objects exist,
   * the resource publishes that role (or it is the default-access id), the role may be given to
   * this kind of principal, and the principal does not hold it already.
   */
  create(body: AppRoleAssignmentCreate, now: Date = new Date()): AppRoleAssignment {
    const principal = this.objects.get(body.principalId);
    const principalType = principal === undefined ? undefined : PRINCIPAL_TYPES[kindOf(principal).toLowerCase()];
    if (principal === undefined || principalType === undefined) throw graphErrors.resourceNotFound(body.principalId);
    const resource = this.objects.get(body.resourceId);
    if (resource === undefined || kindOf(resource) !== "servicePrincipal") throw graphErrors.resourceNotFound(body.resourceId);
    const appRoleId = body.appRoleId.toLowerCase();
    if (appRoleId !== DEFAULT_ACCESS_APP_ROLE_ID) {
      const role = appRolesOf(resource).find((r) => String(r.id).toLowerCase() === appRoleId);
      if (role === undefined || role.isEnabled === false) {
        throw graphErrors.badRequest(`Permission being assigned was not found on application '${String(resource.appId)}'.`);
      }
      const memberTypes = Array.isArray(role.allowedMemberTypes) ? (role.allowedMemberTypes as string[]) : [];
      const memberType = principalType === "ServicePrincipal" ? "Application" : "User";
      if (!memberTypes.includes(memberType)) {
        throw graphErrors.badRequest(
          `The app role '${appRoleId}' may not be assigned to a ${principalType}: its allowedMemberTypes are ${memberTypes.join(", ")}.`,
        );
      }
    }
    const duplicate = this.ofPrincipal(principal.id).some((a) => a.resourceId === resource.id && a.appRoleId === appRoleId);
    if (duplicate) throw graphErrors.badRequest("Permission being assigned already exists on the object.");
    const assignment: AppRoleAssignment = {
      id: randomBytes(32).toString("base64url").slice(0, 43),
      deletedDateTime: null,
      appRoleId,
      createdDateTime: directoryTimestamp(now),
      principalDisplayName: typeof principal.displayName === "string" ? principal.displayName : null,
      principalId: principal.id,
      principalType,
      resourceDisplayName: typeof resource.displayName === "string" ? resource.displayName : null,
      resourceId: resource.id,
    };
    this.store.put(COLLECTION, assignment.id, assignment, { principal: principal.id.toLowerCase(), resource: resource.id.toLowerCase() });
    return assignment;
  }

  delete(id: string): boolean {
    return this.store.delete(COLLECTION, id);
  }

  /** A deleted object takes the assignments it held and those made to it. */
  forgetObject(objectId: string): void {
    for (const a of [...this.ofPrincipal(objectId), ...this.ofResource(objectId)]) this.store.delete(COLLECTION, a.id);
  }
}
