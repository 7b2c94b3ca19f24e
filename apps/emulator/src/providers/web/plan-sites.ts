/** GET serverfarms/{plan}/sites: the web apps a plan hosts (appServicePlans.listWebApps). */
import { WEB_API_VERSIONS, getPlan, PLAN_TYPE, requireEnclosingScopes, sitesOfPlan } from "@azmi/app-service";
import type { ResourceTypeHandler } from "../../arm/contract.js";
import { armErrors } from "@azmi/arm-core";

export const planSitesHandler: ResourceTypeHandler = {
  resourceType: "Microsoft.Web/serverfarms/sites",
  apiVersions: WEB_API_VERSIONS,

  list(ctx, plan) {
    requireEnclosingScopes(ctx.services, plan);
    if (getPlan(ctx.services, plan) === undefined) throw armErrors.resourceNotFound(PLAN_TYPE, plan.name ?? "", plan.resourceGroup);
    return { status: 200, body: { value: sitesOfPlan(ctx.services, plan), nextLink: null } };
  },
};
