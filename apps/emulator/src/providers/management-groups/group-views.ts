/**
 * How Azure shows a management group and what surrounds it: the group itself (with `$expand`
 * children, path or ancestors, `$recurse`), a subscription under a group, a descendant, an
 * entity. Built from the RBAC package's tree; nothing here decides anything.
 */
import { managementGroupScope } from "@azmi/arm-core";
import { MANAGEMENT_GROUP_TYPE, type ManagementGroupChild, type ManagementGroups, type StoredManagementGroup } from "@azmi/rbac";
import type { ArmContext } from "../../arm/contract.js";

export interface GroupViewOptions {
  readonly expand?: "children" | "path" | "ancestors" | undefined;
  readonly recurse?: boolean;
}

const groups = (ctx: ArmContext): ManagementGroups => ctx.services.rbac.managementGroups;

export function subscriptionDisplayName(ctx: ArmContext, subscriptionId: string): string {
  const index = ctx.services.config.subscriptions.findIndex((s) => s.toLowerCase() === subscriptionId.toLowerCase());
  return `Azure subscription ${index + 1}`;
}

function parentInfo(ctx: ArmContext, group: StoredManagementGroup) {
  if (group.parent === null) return null;
  const parent = groups(ctx).get(group.parent);
  return { id: managementGroupScope(group.parent).id, name: parent?.name ?? group.parent, displayName: parent?.displayName ?? group.parent };
}

function childView(ctx: ArmContext, child: ManagementGroupChild, recurse: boolean): Record<string, unknown> {
  if (child.kind === "subscription") {
    return {
      id: `/subscriptions/${child.subscriptionId}`,
      type: "/subscriptions",
      name: child.subscriptionId,
      displayName: subscriptionDisplayName(ctx, child.subscriptionId),
    };
  }
  const { group } = child;
  const view: Record<string, unknown> = {
    id: managementGroupScope(group.name).id,
    type: MANAGEMENT_GROUP_TYPE,
    name: group.name,
    displayName: group.displayName,
  };
  if (recurse) {
    const below = groups(ctx).children(group.name);
    if (below.length > 0) view.children = below.map((c) => childView(ctx, c, true));
  }
  return view;
}

export function groupView(ctx: ArmContext, group: StoredManagementGroup, options: GroupViewOptions = {}) {
  const ancestors = groups(ctx)
    .ancestors(group.name)
    .map((a) => ({ name: a.name, displayName: a.displayName }));
  const details: Record<string, unknown> = {
    version: group.version,
    updatedTime: group.updatedTime,
    updatedBy: group.updatedBy,
    parent: parentInfo(ctx, group),
  };
  if (options.expand === "path") details.path = [...ancestors].reverse();
  if (options.expand === "ancestors") {
    details.managementGroupAncestors = ancestors.map((a) => a.name);
    details.managementGroupAncestorsChain = ancestors;
  }
  const properties: Record<string, unknown> = { tenantId: ctx.services.config.tenantId, displayName: group.displayName, details };
  if (options.expand === "children")
    properties.children = groups(ctx)
      .children(group.name)
      .map((c) => childView(ctx, c, options.recurse === true));
  return { id: managementGroupScope(group.name).id, type: MANAGEMENT_GROUP_TYPE, name: group.name, properties };
}

/** The short form GET /providers/Microsoft.Management/managementGroups lists. */
export function groupListItem(ctx: ArmContext, group: StoredManagementGroup) {
  return {
    id: managementGroupScope(group.name).id,
    type: MANAGEMENT_GROUP_TYPE,
    name: group.name,
    properties: { tenantId: ctx.services.config.tenantId, displayName: group.displayName },
  };
}

export function groupSubscriptionView(ctx: ArmContext, groupName: string, subscriptionId: string) {
  const parent = managementGroupScope(groupName).id;
  return {
    id: `${parent}/subscriptions/${subscriptionId}`,
    type: `${MANAGEMENT_GROUP_TYPE}/subscriptions`,
    name: subscriptionId,
    properties: { tenant: ctx.services.config.tenantId, displayName: subscriptionDisplayName(ctx, subscriptionId), parent: { id: parent }, state: "Active" },
  };
}

export function descendantView(ctx: ArmContext, child: ManagementGroupChild) {
  if (child.kind === "subscription") {
    const parent = groups(ctx).groupOfSubscription(child.subscriptionId);
    return {
      id: `/subscriptions/${child.subscriptionId}`,
      type: `${MANAGEMENT_GROUP_TYPE}/subscriptions`,
      name: child.subscriptionId,
      properties: { displayName: subscriptionDisplayName(ctx, child.subscriptionId), parent: { id: managementGroupScope(parent.name).id } },
    };
  }
  return {
    id: managementGroupScope(child.group.name).id,
    type: MANAGEMENT_GROUP_TYPE,
    name: child.group.name,
    properties: { displayName: child.group.displayName, parent: { id: managementGroupScope(child.group.parent ?? "").id } },
  };
}

/** One row of POST /providers/Microsoft.Management/getEntities: a group or a subscription, with its place in the tree. */
export function entityView(ctx: ArmContext, entity: ManagementGroupChild | { kind: "root"; group: StoredManagementGroup }) {
  const tree = groups(ctx);
  const isGroup = entity.kind !== "subscription";
  const name = isGroup ? entity.group.name : entity.subscriptionId;
  const parentGroup = isGroup ? (entity.group.parent === null ? undefined : tree.get(entity.group.parent)) : tree.groupOfSubscription(entity.subscriptionId);
  const chain = parentGroup === undefined ? [] : [parentGroup, ...tree.ancestors(parentGroup.name)].reverse();
  const below = isGroup ? tree.descendants(name) : [];
  const children = isGroup ? tree.children(name) : [];
  return {
    id: isGroup ? managementGroupScope(name).id : `/subscriptions/${name}`,
    type: isGroup ? MANAGEMENT_GROUP_TYPE : "/subscriptions",
    name,
    properties: {
      tenantId: ctx.services.config.tenantId,
      displayName: isGroup ? entity.group.displayName : subscriptionDisplayName(ctx, name),
      // The root group has no parent: Azure leaves the field out.
      ...(parentGroup === undefined ? {} : { parent: { id: managementGroupScope(parentGroup.name).id } }),
      permissions: "edit",
      inheritedPermissions: "edit",
      parentDisplayNameChain: chain.map((g) => g.displayName),
      parentNameChain: chain.map((g) => g.name),
      numberOfDescendants: below.length,
      numberOfChildren: children.length,
      numberOfChildGroups: children.filter((c) => c.kind === "group").length,
    },
  };
}
