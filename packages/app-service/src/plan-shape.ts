/**
 * A plan (Microsoft.Web/serverfarms) as Azure shows it: built from what a PUT or PATCH sends
 * over what was stored, its SKU resolved from the catalogue, and the rule that a plan still
 * hosting sites cannot be deleted.
 */
import { createHash } from "node:crypto";
import { parseResourceId, type ResourceId } from "@azmi/arm-core";
import { findPlanSku } from "./plan-skus.js";
import { withoutNulls, type PlanPatchBody } from "./schemas.js";
import { webErrors } from "./web-errors.js";
import { PLAN_TYPE, sitesOfPlan, type PlanSkuValue, type StoredPlan, type StoredSite, type WebStores } from "./web-resources.js";

export interface PlanRequest extends PlanPatchBody {
  readonly location: string;
}

export function buildPlan(id: ResourceId, previous: StoredPlan | undefined, request: PlanRequest): StoredPlan {
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
export function renderPlan(services: WebStores, plan: StoredPlan): StoredPlan {
  const numberOfSites = sitesOfPlan(services, parseResourceId(plan.id)).length;
  return { ...plan, properties: { ...plan.properties, numberOfSites } };
}

/** ServerFarmInUse while any site still runs on the plan. */
export function requirePlanUnused(plan: StoredPlan, sites: readonly StoredSite[]): void {
  if (sites.length > 0)
    throw webErrors.serverFarmInUse(
      plan.name,
      sites.map((s) => s.name),
    );
}
