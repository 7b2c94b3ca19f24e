/**
 * Microsoft.Management/managementGroups: create (202 and an Azure-AsyncOperation to poll, as
 * Azure answers it), read with `$expand=children|path|ancestors` and `$recurse`, list, update
 * (display name, parent), delete (202, refused while the group holds anything), descendants.
 * The tree and its rules are the RBAC package's (ManagementGroups): this file parses and shapes.
 */
import { armErrors, type ResourceId } from "@azmi/arm-core";
import { z } from "zod";
import type { ArmContext, ResourceTypeHandler } from "../../arm/contract.js";
import { MANAGEMENT_GROUP_API_VERSIONS } from "./api-versions.js";
import { descendantView, groupListItem, groupView, type GroupViewOptions } from "./group-views.js";
import { operationHeaders } from "./operation-results.js";

const createBody = z.object({
  name: z.string().nullish(),
  properties: z
    .object({
      displayName: z.string().nullish(),
      details: z.object({ parent: z.object({ id: z.string().nullish() }).nullish() }).nullish(),
    })
    .nullish(),
});

const patchBody = z.object({ displayName: z.string().nullish(), parentGroupId: z.string().nullish() });

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success)
    throw armErrors.badRequest(`The request body is invalid: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}.`);
  return parsed.data;
}

function viewOptions(ctx: ArmContext): GroupViewOptions {
  const expand = ctx.query.get("$expand")?.trim().toLowerCase();
  if (expand !== undefined && expand !== "" && expand !== "children" && expand !== "path" && expand !== "ancestors") {
    throw armErrors.badRequest(`The value '${ctx.query.get("$expand")}' of $expand is not supported. Use children, path or ancestors.`);
  }
  const recurse = ctx.query.get("$recurse")?.trim().toLowerCase() === "true";
  if (recurse && expand !== "children") throw armErrors.badRequest("$recurse=true can only be used with $expand=children.");
  return { expand: expand === "" ? undefined : (expand as GroupViewOptions["expand"]), recurse };
}

const tree = (ctx: ArmContext) => ctx.services.rbac.managementGroups;
const groupName = (id: ResourceId) => id.managementGroupId ?? id.name ?? "";
const change = (ctx: ArmContext) => ({ actor: ctx.caller.objectId, now: new Date() });

export const managementGroupsHandler: ResourceTypeHandler = {
  resourceType: "Microsoft.Management/managementGroups",
  apiVersions: MANAGEMENT_GROUP_API_VERSIONS,
  get(ctx, id) {
    const options = viewOptions(ctx);
    return { status: 200, body: groupView(ctx, tree(ctx).require(groupName(id)), options) };
  },
  put(ctx, id) {
    const body = parse(createBody, ctx.body);
    const name = groupName(id);
    const parentId = body.properties?.details?.parent?.id ?? undefined;
    tree(ctx).put(name, { displayName: body.properties?.displayName ?? undefined, parentId }, change(ctx));
    const group = tree(ctx).require(name);
    return {
      status: 202,
      headers: operationHeaders(ctx, "create", group.name),
      body: { id: id.id, type: "Microsoft.Management/managementGroups", name: group.name, status: "NotStarted" },
    };
  },
  patch(ctx, id) {
    const body = parse(patchBody, ctx.body);
    const name = groupName(id);
    tree(ctx).require(name);
    const { group } = tree(ctx).put(name, { displayName: body.displayName ?? undefined, parentId: body.parentGroupId ?? undefined }, change(ctx));
    return { status: 200, body: groupView(ctx, group) };
  },
  delete(ctx, id) {
    const name = groupName(id);
    const group = tree(ctx).get(name);
    if (group === undefined) return { status: 204 };
    ctx.services.store.transaction(() => {
      tree(ctx).delete(name);
      ctx.services.events.emit({ type: "scopeDeleted", scope: id });
    });
    return {
      status: 202,
      headers: operationHeaders(ctx, "delete", group.name),
      body: { id: id.id, type: "Microsoft.Management/managementGroups", name: group.name, status: "NotStarted" },
    };
  },
  list(ctx) {
    return {
      status: 200,
      body: {
        value: tree(ctx)
          .list()
          .map((g) => groupListItem(ctx, g)),
      },
    };
  },
};

/** GET managementGroups/{g}/descendants: every group and subscription below, parents first. */
export const descendantsHandler: ResourceTypeHandler = {
  resourceType: "Microsoft.Management/managementGroups/descendants",
  apiVersions: MANAGEMENT_GROUP_API_VERSIONS,
  list(ctx, parent) {
    const name = groupName(parent);
    tree(ctx).require(name);
    return {
      status: 200,
      body: {
        value: tree(ctx)
          .descendants(name)
          .map((c) => descendantView(ctx, c)),
      },
    };
  },
};
