/**
 * Microsoft.Web/serverfarms (App Service plans). PUT answers 200 on create too: the CLI's SDK
 * rejects 201. `properties.reserved` is kept as sent, since `webapp create` reads it to tell a
 * Linux plan from a Windows one.
 */
import { createHash } from "node:crypto";
import { armErrors, parseRequestContent, parseResourceId, type ResourceId } from "@azmi/arm-core";
import type { ArmResult, ResourceTypeHandler } from "../../arm/contract.js";
import type { Services } from "../../services.js";
import { WEB_API_VERSIONS } from "./api-versions.js";
import { findPlanSku } from "./plan-skus.js";
import { planPatchBodySchema, planPutBodySchema, withoutNulls, type PlanPatchBody } from "./schemas.js";
import { webErrors } from "./web-errors.js";
import { getPlan, listOfType, PLAN_TYPE, requireEnclosingScopes, sitesOfPlan, type PlanSkuValue, type StoredPlan } from "./web-resources.js";

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
    const sites = sitesOfPlan(ctx.services, id);
    if (sites.length > 0) throw webErrors.serverFarmInUse(plan.name, sites.map((s) => s.name));
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

interface PlanRequest extends PlanPatchBody {
  readonly location: string;
}

function buildPlan(id: ResourceId, previous: StoredPlan | undefined, request: PlanRequest): StoredPlan {
  const sku = resolveSku(request.sku ?? undefined, previous?.sku);
  const catalogue = findPlanSku(sku.name);
  const sent = withoutNulls(request.properties ?? {});
  const before: Readonly<Record<string, unknown>> = previous?.properties ?? {};
  const reserved = Boolean(sent.reserved ?? before.reserved ?? (request.kind ?? "").toLowerCase().includes("linux"));
  const kind = request.kind ?? previous?.kind ?? (reserved ? "linux" : "app");
  const location = request.location;
  const webSpace = `${id.resourceGroup}-${location.replace(/\s+/g, "")}webspace${reserved ? "-Linux" : ""}`;
  const properties = {
    ...before,
    ...sent,
    serverFarmId: before.serverFarmId ?? numericId(id),
    name: id.name,
    workerSize: "Default",
    workerSizeId: 0,
    workerTierName: null,
    numberOfWorkers: sku.capacity,
    currentWorkerSize: "Default",
    currentWorkerSizeId: 0,
    currentNumberOfWorkers: sku.capacity,
    status: "Ready",
    webSpace,
    subscription: id.subscriptionId,
    adminSiteName: null,
    hostingEnvironment: null,
    hostingEnvironmentProfile: null,
    maximumNumberOfWorkers: catalogue?.maximumNumberOfWorkers ?? 1,
    planName: "VirtualDedicatedPlan",
    adminRuntimeSiteName: null,
    computeMode: catalogue?.computeMode ?? "Dedicated",
    siteMode: catalogue?.computeMode === "Shared" ? "Limited" : null,
    geoRegion: location,
    perSiteScaling: sent.perSiteScaling ?? before.perSiteScaling ?? false,
    elasticScaleEnabled: sent.elasticScaleEnabled ?? before.elasticScaleEnabled ?? false,
    maximumElasticWorkerCount: sent.maximumElasticWorkerCount ?? before.maximumElasticWorkerCount ?? 1,
    hostingEnvironmentId: null,
    isSpot: false,
    spotExpirationTime: null,
    freeOfferExpirationTime: null,
    tags: null,
    kind,
    resourceGroup: id.resourceGroup,
    reserved,
    isXenon: sent.isXenon ?? before.isXenon ?? false,
    hyperV: sent.hyperV ?? before.hyperV ?? false,
    mdmId: `waws-prod-am2-${numericId(id) % 900}_${numericId(id)}`,
    targetWorkerCount: sent.targetWorkerCount ?? before.targetWorkerCount ?? 0,
    targetWorkerSizeId: sent.targetWorkerSizeId ?? before.targetWorkerSizeId ?? 0,
    provisioningState: "Succeeded",
    webSiteId: null,
    existingServerFarmIds: null,
    kubeEnvironmentProfile: null,
    zoneRedundant: sent.zoneRedundant ?? before.zoneRedundant ?? false,
  };
  return {
    id: id.id,
    name: id.name!,
    type: PLAN_TYPE,
    kind,
    location,
    tags: { ...(request.tags ?? {}) },
    properties,
    sku,
  };
}

function resolveSku(sent: PlanPatchBody["sku"] | undefined, previous: PlanSkuValue | undefined): PlanSkuValue {
  if (sent === undefined || sent === null) return previous!;
  const entry = findPlanSku(sent.name);
  if (entry === undefined) throw webErrors.unknownSku(sent.name);
  const shared = entry.computeMode === "Shared";
  return {
    name: entry.name,
    tier: entry.tier,
    size: entry.name,
    family: entry.family,
    capacity: sent.capacity ?? (entry.name === previous?.name ? previous.capacity : shared ? 0 : 1),
  };
}

/** Azure's plans carry a numeric serverFarmId; a stable one per plan id. */
function numericId(id: ResourceId): number {
  return createHash("sha256").update(id.key).digest().readUInt32BE(0) % 100000;
}

/** The plan as Azure shows it: numberOfSites is counted when read. */
export function renderPlan(services: Services, plan: StoredPlan): StoredPlan {
  const numberOfSites = sitesOfPlan(services, parseResourceId(plan.id)).length;
  return { ...plan, properties: { ...plan.properties, numberOfSites } };
}
