/**
 * Microsoft.Web/serverfarms (App Service plans). PUT answers 200 on create too: the CLI's SDK
 * rejects 201. `properties.reserved` is kept as sent, since `webapp create` reads it to tell a
 * Linux plan from a Windows one.
 */
import {
  buildPlan,
  getPlan,
  listOfType,
  PLAN_TYPE,
  planPatchBodySchema,
  planPutBodySchema,
  renderPlan,
  requireEnclosingScopes,
  requirePlanUnused,
  sitesOfPlan,
  WEB_API_VERSIONS,
  webErrors,
  type PlanPatchBody,
  type StoredPlan,
} from "@azmi/app-service";
import { armErrors, parseRequestContent, type ResourceId } from "@azmi/arm-core";
import type { ArmResult, ResourceTypeHandler } from "../../arm/contract.js";
import type { Services } from "../../services.js";

export const serverFarmsHandler: ResourceTypeHandler = {
  resourceType: PLAN_TYPE,
  apiVersions: WEB_API_VERSIONS,

  get(ctx, id) {
    return { status: 200, body: renderPlan(ctx.services, requirePlan(ctx.services, id)) };
  },

  put(ctx, id) {
    requireEnclosingScopes(ctx.services, id);
    const body = parseRequestContent(planPutBodySchema, ctx.body ?? {});
    const previous = getPlan(ctx.services, id);
    const location = body.location ?? "";
    if (location === "") throw armErrors.locationRequired();
    if ((body.sku ?? undefined) === undefined && previous === undefined) throw webErrors.skuRequired();
    const plan = buildPlan(id, previous, { ...body, location });
    ctx.services.store.transaction(() => ctx.services.resources.put(id, plan));
    return { status: 200, body: renderPlan(ctx.services, plan) };
  },

  patch(ctx, id) {
    const previous = requirePlan(ctx.services, id);
    const body: PlanPatchBody = parseRequestContent(planPatchBodySchema, ctx.body ?? {});
    const plan = buildPlan(id, previous, { ...body, location: previous.location, tags: body.tags ?? previous.tags ?? null });
    ctx.services.store.transaction(() => ctx.services.resources.put(id, plan));
    return { status: 200, body: renderPlan(ctx.services, plan) };
  },

  delete(ctx, id): ArmResult {
    requireEnclosingScopes(ctx.services, id);
    const plan = getPlan(ctx.services, id);
    if (plan === undefined) return { status: 204 };
    requirePlanUnused(plan, sitesOfPlan(ctx.services, id));
    deletePlan(ctx.services, id);
    return { status: 200 };
  },

  list(ctx, parent) {
    const plans = listOfType<StoredPlan>(ctx.services, parent, PLAN_TYPE);
    return { status: 200, body: { value: plans.map((p) => renderPlan(ctx.services, p)), nextLink: null } };
  },
};

export function deletePlan(services: Services, id: ResourceId): void {
  services.store.transaction(() => {
    services.resources.delete(id);
    services.events.emit({ type: "scopeDeleted", scope: id });
  });
}

function requirePlan(services: Services, id: ResourceId): StoredPlan {
  requireEnclosingScopes(services, id);
  const plan = getPlan(services, id);
  if (plan === undefined) throw armErrors.resourceNotFound(PLAN_TYPE, id.name ?? "", id.resourceGroup);
  return plan;
}
