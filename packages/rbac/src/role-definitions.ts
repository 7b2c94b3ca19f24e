/**
 * Role definitions: the built-in catalogue, readable at every scope, and custom roles kept in
 * the store, visible at the scopes within their assignableScopes.
 */
import { armErrors, normalizeKey, parseResourceId, type ResourceId, type Store } from "@azmi/arm-core";
import { z } from "zod";
import type { BuiltInCatalogue, BuiltInRole } from "./builtin-catalogue.js";
import { definitionIdAt } from "./definition-ids.js";
import { parseFilter } from "./filter.js";
import { isGuid } from "./guid.js";
import { permissionSchema, type Permission } from "./permissions.js";
import type { ScopeHierarchy } from "./scope-hierarchy.js";

export const ROLE_DEFINITIONS = "rbac.roleDefinitions";
export const ROLE_DEFINITION_TYPE = "Microsoft.Authorization/roleDefinitions";
/** Azure shows this creation date on most built-in roles. */
const BUILT_IN_CREATED_ON = "2015-02-02T21:55:09.8806423Z";

/** The body of PUT {scope}/providers/Microsoft.Authorization/roleDefinitions/{guid}. */
export const roleDefinitionBodySchema = z.object({
  properties: z.object({
    roleName: z.string().min(1),
    description: z.string().nullish(),
    type: z.string().nullish(),
    permissions: z.array(permissionSchema).nullish(),
    assignableScopes: z.array(z.string()).nullish(),
  }),
});
export type RoleDefinitionBody = z.input<typeof roleDefinitionBodySchema>;

/** A definition as the domain sees it, built-in or custom. */
export interface RoleDefinitionRecord {
  readonly guid: string;
  readonly roleName: string;
  readonly roleType: "BuiltInRole" | "CustomRole";
  readonly description: string;
  readonly permissions: readonly Permission[];
  readonly assignableScopes: readonly string[];
  readonly createdOn: string;
  readonly updatedOn: string;
  readonly createdBy: string | null;
  readonly updatedBy: string | null;
}

/** A custom role as the store keeps it: the record without its roleType, which is always CustomRole. */
export type StoredCustomRole = Omit<RoleDefinitionRecord, "roleType">;

/** The ARM resource a client reads. */
export interface RoleDefinitionView {
  readonly id: string;
  readonly name: string;
  readonly type: typeof ROLE_DEFINITION_TYPE;
  /** The record's fields, with its roleType under ARM's name `type`. */
  readonly properties: Omit<RoleDefinitionRecord, "guid" | "roleType"> & { readonly type: RoleDefinitionRecord["roleType"] };
}

export interface RoleDefinitionDeps {
  readonly store: Store;
  readonly catalogue: BuiltInCatalogue;
  readonly scopeExists: (scope: ResourceId) => boolean;
  readonly hasAssignments: (guid: string) => boolean;
  readonly now: () => Date;
  readonly hierarchy: ScopeHierarchy;
}

function fromBuiltIn(r: BuiltInRole): RoleDefinitionRecord {
  return {
    guid: r.guid,
    roleName: r.roleName,
    roleType: "BuiltInRole",
    description: "",
    permissions: r.permissions,
    assignableScopes: r.assignableScopes,
    createdOn: BUILT_IN_CREATED_ON,
    updatedOn: BUILT_IN_CREATED_ON,
    createdBy: null,
    updatedBy: null,
  };
}

function fromCustom(r: StoredCustomRole): RoleDefinitionRecord {
  return { ...r, roleType: "CustomRole" };
}

function customIndex(r: StoredCustomRole): Record<string, string> {
  return { roleName: r.roleName.toLowerCase() };
}

export function viewOf(def: RoleDefinitionRecord, scope: ResourceId): RoleDefinitionView {
  return {
    id: definitionIdAt(scope, def.guid, def.roleType === "CustomRole"),
    name: def.guid,
    type: ROLE_DEFINITION_TYPE,
    properties: {
      roleName: def.roleName,
      type: def.roleType,
      description: def.description,
      assignableScopes: def.assignableScopes,
      permissions: def.permissions.map((p) => {
        const out: Permission = {
          actions: [...p.actions],
          notActions: [...p.notActions],
          dataActions: [...p.dataActions],
          notDataActions: [...p.notDataActions],
        };
        if (p.condition != null) out.condition = p.condition;
        if (p.conditionVersion != null) out.conditionVersion = p.conditionVersion;
        return out;
      }),
      createdOn: def.createdOn,
      updatedOn: def.updatedOn,
      createdBy: def.createdBy,
      updatedBy: def.updatedBy,
    },
  };
}

/** Is `scope` at, above or below one of these scopes (management groups included)? */
export function relatedToAny(hierarchy: ScopeHierarchy, scopes: readonly string[], scope: ResourceId): boolean {
  return scopes.some((a) => hierarchy.related(a, scope));
}

/** Is `scope` within one of these assignable scopes (a subscription is within the groups above it)? */
export function assignableAt(hierarchy: ScopeHierarchy, assignableScopes: readonly string[], scope: ResourceId): boolean {
  const above = hierarchy.chainKeys(scope);
  return assignableScopes.some((a) => above.has(normalizeKey(a)));
}

export class RoleDefinitions {
  constructor(private readonly deps: RoleDefinitionDeps) {}

  /** A definition by GUID, built-in or custom, wherever it is visible. */
  find(guid: string): RoleDefinitionRecord | undefined {
    const key = guid.toLowerCase();
    const builtIn = this.deps.catalogue.get(key);
    if (builtIn !== undefined) return fromBuiltIn(builtIn);
    const custom = this.deps.store.get<StoredCustomRole>(ROLE_DEFINITIONS, key);
    return custom === undefined ? undefined : fromCustom(custom);
  }

  /**
   * Built-ins are visible everywhere; a custom role at, above or below its assignable scopes
   * (a role assignable at a group is read through the subscription-form id an assignment
   * names, and Terraform treats a 404 there as fatal). Assignable is narrower: see assignableAt.
   */
  visibleAt(def: RoleDefinitionRecord, scope: ResourceId): boolean {
    return def.roleType === "BuiltInRole" || this.aboutScope(def, scope);
  }

  /** Is `scope` at, above or below one of the role's assignable scopes? */
  aboutScope(def: RoleDefinitionRecord, scope: ResourceId): boolean {
    return relatedToAny(this.deps.hierarchy, def.assignableScopes, scope);
  }

  /** May the role be assigned at `scope`? */
  assignableAt(def: RoleDefinitionRecord, scope: ResourceId): boolean {
    return assignableAt(this.deps.hierarchy, def.assignableScopes, scope);
  }

  get(scope: ResourceId, guid: string): RoleDefinitionView {
    if (!isGuid(guid)) throw armErrors.roleDefinitionDoesNotExist(guid);
    const def = this.find(guid);
    if (def === undefined || !this.visibleAt(def, scope)) throw armErrors.roleDefinitionDoesNotExist(guid);
    return viewOf(def, scope);
  }

  /** Custom roles visible at a scope. Azure caps custom roles at 5000 per tenant, so reading them all is bounded. */
  private customAt(scope: ResourceId): RoleDefinitionRecord[] {
    return this.deps.store
      .list<StoredCustomRole>(ROLE_DEFINITIONS)
      .map((r) => fromCustom(r.value))
      .filter((d) => this.visibleAt(d, scope));
  }

  list(scope: ResourceId, filter?: string | null): RoleDefinitionView[] {
    let roleName: string | undefined;
    let type: string | undefined;
    for (const term of parseFilter(filter)) {
      if (term.kind === "eq" && term.field === "rolename") roleName = term.value.toLowerCase();
      else if (term.kind === "eq" && term.field === "type") type = term.value.toLowerCase();
      else throw armErrors.invalidFilterInQueryString(filter ?? "");
    }
    const out: RoleDefinitionRecord[] = [];
    if (type === undefined || type === "builtinrole") {
      if (roleName !== undefined) {
        const one = this.deps.catalogue.byRoleName(roleName);
        if (one !== undefined) out.push(fromBuiltIn(one));
      } else out.push(...this.deps.catalogue.roles.map(fromBuiltIn));
    }
    if (type === undefined || type === "customrole") {
      const custom =
        roleName !== undefined
          ? this.deps.store
              .findByIndex<StoredCustomRole>(ROLE_DEFINITIONS, "roleName", roleName)
              .map((r) => fromCustom(r.value))
              .filter((d) => this.visibleAt(d, scope))
          : this.customAt(scope);
      out.push(...custom);
    }
    return out.map((d) => viewOf(d, scope));
  }

  createOrUpdate(scope: ResourceId, guid: string, body: unknown, callerObjectId: string | null): { created: boolean; view: RoleDefinitionView } {
    if (!isGuid(guid)) throw armErrors.invalidRoleDefinitionId(guid);
    const key = guid.toLowerCase();
    if (this.deps.catalogue.get(key) !== undefined) throw armErrors.builtInRoleNotModifiable(key);
    const parsed = roleDefinitionBodySchema.safeParse(body);
    if (!parsed.success)
      throw armErrors.invalidRoleDefinitionRequest(
        `The role definition request is invalid: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}.`,
      );
    const props = parsed.data.properties;
    const assignableScopes = props.assignableScopes ?? [scope.id];
    if (assignableScopes.length === 0) {
      throw armErrors.invalidCreateRoleDefinitionRequest("noAssignableScope");
    }
    const scopes = assignableScopes.map((s) => {
      let id: ResourceId;
      try {
        id = parseResourceId(s);
      } catch {
        throw armErrors.assignableScopeNotFound(s);
      }
      if (!this.deps.scopeExists(id)) throw armErrors.assignableScopeNotFound(s);
      return id;
    });
    // The scope the PUT is sent to must be one the role is about (itself, or above or below one of them).
    if (!relatedToAny(this.deps.hierarchy, assignableScopes, scope)) throw armErrors.invalidCreateRoleDefinitionRequest({ scopeNotAssignable: scope.id });

    return this.deps.store.transaction(() => {
      const existing = this.deps.store.get<StoredCustomRole>(ROLE_DEFINITIONS, key);
      const sameName =
        this.deps.catalogue.byRoleName(props.roleName) !== undefined ||
        this.deps.store.findByIndex<StoredCustomRole>(ROLE_DEFINITIONS, "roleName", props.roleName.toLowerCase()).some((r) => r.key !== key);
      if (sameName) throw armErrors.roleDefinitionWithSameNameExists();
      const now = this.deps.now().toISOString();
      const stored: StoredCustomRole = {
        guid: key,
        roleName: props.roleName,
        description: props.description ?? "",
        permissions: (props.permissions ?? []).map((p) => permissionSchema.parse(p)),
        assignableScopes: scopes.map((s) => s.id),
        createdOn: existing?.createdOn ?? now,
        updatedOn: now,
        createdBy: existing === undefined ? callerObjectId : existing.createdBy,
        updatedBy: callerObjectId,
      };
      this.deps.store.put(ROLE_DEFINITIONS, key, stored, customIndex(stored));
      return { created: existing === undefined, view: viewOf(fromCustom(stored), scope) };
    });
  }

  /** undefined when there was nothing to delete (Azure answers 204). */
  delete(scope: ResourceId, guid: string): RoleDefinitionView | undefined {
    if (!isGuid(guid)) throw armErrors.invalidRoleDefinitionId(guid);
    const key = guid.toLowerCase();
    if (this.deps.catalogue.get(key) !== undefined) throw armErrors.builtInRoleNotModifiable(key);
    return this.deps.store.transaction(() => {
      const existing = this.deps.store.get<StoredCustomRole>(ROLE_DEFINITIONS, key);
      // Deleted from any scope it could have been created at (see createOrUpdate).
      if (existing === undefined || !relatedToAny(this.deps.hierarchy, existing.assignableScopes, scope)) return undefined;
      if (this.deps.hasAssignments(key)) throw armErrors.roleDefinitionHasAssignments();
      this.deps.store.delete(ROLE_DEFINITIONS, key);
      return viewOf(fromCustom(existing), scope);
    });
  }
}
