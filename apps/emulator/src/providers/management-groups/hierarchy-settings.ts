/**
 * managementGroups/{root}/settings/default: the tenant's hierarchy settings (the group new
 * subscriptions land in, whether creating a group needs a role). Azure keeps them on the tenant
 * root group only.
 */
import { armErrors, type ResourceId } from "@azmi/arm-core";
import { managementGroupNotFound, type HierarchySettings } from "@azmi/rbac";
import { z } from "zod";
import type { ArmContext, ResourceTypeHandler } from "../../arm/contract.js";
import { MANAGEMENT_GROUP_API_VERSIONS } from "./api-versions.js";

const settingsBody = z.object({
  properties: z.object({ defaultManagementGroup: z.string().nullish(), requireAuthorizationForGroupCreation: z.boolean().nullish() }).nullish(),
});

const tree = (ctx: ArmContext) => ctx.services.rbac.managementGroups;

function rootOf(ctx: ArmContext, group: ResourceId): string {
  const name = group.managementGroupId ?? "";
  const found = tree(ctx).require(name);
  if (!tree(ctx).isRoot(found.name)) {
    throw armErrors.badRequest(`Hierarchy settings can only be set on the tenant root management group '${tree(ctx).rootName}', not on '${found.name}'.`);
  }
  return found.name;
}

function view(ctx: ArmContext, root: string, settings: HierarchySettings) {
  return {
    id: `/providers/Microsoft.Management/managementGroups/${root}/settings/default`,
    type: "Microsoft.Management/managementGroups/settings",
    name: "default",
    properties: {
      tenantId: ctx.services.config.tenantId,
      requireAuthorizationForGroupCreation: settings.requireAuthorizationForGroupCreation ?? false,
      defaultManagementGroup: settings.defaultManagementGroup ?? `/providers/Microsoft.Management/managementGroups/${root}`,
    },
  };
}

function write(ctx: ArmContext, id: ResourceId, merge: boolean) {
  const root = rootOf(ctx, id.parent!);
  if ((id.name ?? "").toLowerCase() !== "default") throw managementGroupNotFound(`${root}/settings/${id.name}`);
  const parsed = settingsBody.safeParse(ctx.body ?? {});
  if (!parsed.success) throw armErrors.badRequest("The hierarchy settings request body is invalid.");
  const p = parsed.data.properties ?? {};
  const given: { defaultManagementGroup?: string; requireAuthorizationForGroupCreation?: boolean } = {};
  if (p.defaultManagementGroup != null) given.defaultManagementGroup = p.defaultManagementGroup;
  if (p.requireAuthorizationForGroupCreation != null) given.requireAuthorizationForGroupCreation = p.requireAuthorizationForGroupCreation;
  return { status: 200, body: view(ctx, root, tree(ctx).putSettings(given, merge)) };
}

export const hierarchySettingsHandler: ResourceTypeHandler = {
  resourceType: "Microsoft.Management/managementGroups/settings",
  apiVersions: MANAGEMENT_GROUP_API_VERSIONS,
  get(ctx, id) {
    const root = rootOf(ctx, id.parent!);
    const settings = tree(ctx).settings();
    if (settings === undefined || (id.name ?? "").toLowerCase() !== "default") throw managementGroupNotFound(`${root}/settings/${id.name}`);
    return { status: 200, body: view(ctx, root, settings) };
  },
  put: (ctx, id) => write(ctx, id, false),
  patch: (ctx, id) => write(ctx, id, true),
  delete(ctx, id) {
    rootOf(ctx, id.parent!);
    tree(ctx).deleteSettings();
    return { status: 200 };
  },
  list(ctx, parent) {
    const root = rootOf(ctx, parent);
    const settings = tree(ctx).settings();
    return { status: 200, body: { value: settings === undefined ? [] : [view(ctx, root, settings)] } };
  },
};
