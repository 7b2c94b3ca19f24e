/**
 * Rules a site write follows: the plan its serverFarmId must name, and the app settings and
 * connection strings sent inline with the site, which replace the stored ones.
 */
import { parseResourceId, type ResourceId } from "@azmi/arm-core";
import type { SiteConfigBody } from "./schemas.js";
import type { SiteDocuments } from "./site-documents.js";
import { webErrors } from "./web-errors.js";
import { getPlan, PLAN_TYPE, type StoredPlan, type WebStores } from "./web-resources.js";

/** siteConfig.appSettings / connectionStrings sent with the site (or to config/web) replace the stored ones. */
export function writeInlineSettings(docs: SiteDocuments, id: ResourceId, sent: SiteConfigBody | undefined): void {
  if (sent?.appSettings !== undefined && sent.appSettings !== null) {
    docs.put(id, "config", "appsettings", Object.fromEntries(sent.appSettings.map((p) => [p.name, p.value ?? ""])));
  }
  if (sent?.connectionStrings !== undefined && sent.connectionStrings !== null) {
    docs.put(
      id,
      "config",
      "connectionstrings",
      Object.fromEntries(sent.connectionStrings.map((c) => [c.name, { value: c.connectionString ?? "", type: c.type ?? "Custom" }])),
    );
  }
}

export function resolvePlan(services: WebStores, serverFarmId: string | null | undefined): StoredPlan {
  if (serverFarmId === undefined || serverFarmId === null || serverFarmId === "") throw webErrors.serverFarmIdRequired();
  const planId = parsePlanId(serverFarmId);
  if (planId === undefined) throw webErrors.invalidServerFarmId(serverFarmId);
  const plan = getPlan(services, planId);
  if (plan === undefined) throw webErrors.serverFarmNotFound(planId.name ?? serverFarmId);
  return plan;
}

export function parsePlanId(serverFarmId: string): ResourceId | undefined {
  try {
    const id = parseResourceId(serverFarmId);
    return id.resourceType?.toLowerCase() === PLAN_TYPE.toLowerCase() ? id : undefined;
  } catch {
    return undefined;
  }
}
