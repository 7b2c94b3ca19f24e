/**
 * The POSTs Microsoft.Management serves at the tenant: checkNameAvailability, getEntities (every
 * group and subscription with its place in the tree), and the backfill pair, which has nothing
 * to do in azmi: every subscription is in the tree from the start.
 */
import { z } from "zod";
import type { ArmContext, ResourceTypeHandler } from "../../arm/contract.js";
import { MANAGEMENT_GROUP_API_VERSIONS } from "./api-versions.js";
import { entityView } from "./group-views.js";

const nameRequest = z.object({ name: z.string().nullish(), type: z.string().nullish() });
const GROUP_NAME = /^[A-Za-z0-9\-_().]{1,90}$/;

export const checkNameAvailabilityHandler: ResourceTypeHandler = {
  resourceType: "Microsoft.Management/checkNameAvailability",
  apiVersions: MANAGEMENT_GROUP_API_VERSIONS,
  post(ctx) {
    const name = nameRequest.safeParse(ctx.body ?? {}).data?.name ?? "";
    if (!GROUP_NAME.test(name) || name.endsWith(".")) {
      return { status: 200, body: { nameAvailable: false, reason: "Invalid", message: `The management group name '${name}' is invalid.` } };
    }
    if (ctx.services.rbac.managementGroups.get(name) !== undefined) {
      return { status: 200, body: { nameAvailable: false, reason: "AlreadyExists", message: `A management group named '${name}' already exists.` } };
    }
    return { status: 200, body: { nameAvailable: true } };
  },
};

export const getEntitiesHandler: ResourceTypeHandler = {
  resourceType: "Microsoft.Management/getEntities",
  apiVersions: MANAGEMENT_GROUP_API_VERSIONS,
  post(ctx: ArmContext) {
    const tree = ctx.services.rbac.managementGroups;
    const root = tree.get(tree.rootName)!;
    const value = [entityView(ctx, { kind: "root", group: root }), ...tree.descendants(root.name).map((c) => entityView(ctx, c))];
    return { status: 200, body: { value } };
  },
};

const backfill = (type: string): ResourceTypeHandler => ({
  resourceType: `Microsoft.Management/${type}`,
  apiVersions: MANAGEMENT_GROUP_API_VERSIONS,
  post: (ctx) => ({ status: 200, body: { tenantId: ctx.services.config.tenantId, status: "Completed" } }),
});

export const startTenantBackfillHandler = backfill("startTenantBackfill");
export const tenantBackfillStatusHandler = backfill("tenantBackfillStatus");
