/**
 * Plans and sites as stored in the shared ResourceStore, and the look-ups every Microsoft.Web
 * handler needs (a plan by id, a site or its 404, the sites of a plan, a global site name).
 */
import {
  armErrors,
  normalizeKey,
  resourceGroupScope,
  type ResourceGroupStore,
  type ResourceId,
  type ResourceStore,
  type TrackedResource,
} from "@azmi/arm-core";
import type { ResourceIdentity } from "@azmi/identity";

/** Where plans and sites live: the shared stores, and the subscriptions the emulator serves. */
export interface WebStores {
  readonly resources: ResourceStore;
  readonly resourceGroups: ResourceGroupStore;
  readonly config: { readonly subscriptions: readonly string[] };
}

export const PLAN_TYPE = "Microsoft.Web/serverfarms";
export const SITE_TYPE = "Microsoft.Web/sites";

export interface PlanSkuValue {
  readonly name: string;
  readonly tier: string;
  readonly size: string;
  readonly family: string;
  readonly capacity: number;
}

export interface StoredPlan extends TrackedResource {
  readonly kind: string;
  readonly location: string;
  readonly sku: PlanSkuValue;
  readonly properties: Readonly<Record<string, unknown>> & { readonly reserved: boolean };
}

export interface StoredSite extends TrackedResource {
  readonly kind: string;
  readonly location: string;
  readonly identity?: ResourceIdentity;
  readonly properties: Readonly<Record<string, unknown>> & {
    readonly serverFarmId: string;
    readonly siteConfig: Readonly<Record<string, unknown>>;
  };
}

/** The subscription and resource group a Web request names must exist, as ARM checks before any provider runs. */
export function requireEnclosingScopes(services: WebStores, id: ResourceId): void {
  if (id.subscriptionId === undefined) return;
  const wanted = id.subscriptionId.toLowerCase();
  if (!services.config.subscriptions.some((s) => s.toLowerCase() === wanted)) throw armErrors.subscriptionNotFound(id.subscriptionId);
  if (id.resourceGroup !== undefined) services.resourceGroups.require(resourceGroupScope(id.subscriptionId, id.resourceGroup));
}

export function getSite(services: WebStores, id: ResourceId): StoredSite | undefined {
  const site = services.resources.get<StoredSite>(id);
  return site !== undefined && site.type.toLowerCase() === SITE_TYPE.toLowerCase() ? site : undefined;
}

export function requireSite(services: WebStores, id: ResourceId): StoredSite {
  requireEnclosingScopes(services, id);
  const site = getSite(services, id);
  if (site === undefined) throw armErrors.resourceNotFound(SITE_TYPE, id.name ?? "", id.resourceGroup);
  return site;
}

export function getPlan(services: WebStores, id: ResourceId): StoredPlan | undefined {
  const plan = services.resources.get<StoredPlan>(id);
  return plan !== undefined && plan.type.toLowerCase() === PLAN_TYPE.toLowerCase() ? plan : undefined;
}

/** Tracked resources of `type` directly addressed by a list call: a subscription's or a group's. */
export function listOfType<T extends TrackedResource>(services: WebStores, parent: ResourceId, type: string): T[] {
  requireEnclosingScopes(services, parent);
  if (parent.kind === "subscription") return services.resources.listInSubscription<T>(parent.subscriptionId!, type);
  if (parent.kind === "resourceGroup") return services.resources.listInResourceGroup<T>(parent, type);
  return [];
}

/** The sites whose plan is `planId`, wherever they live in the plan's subscription. */
export function sitesOfPlan(services: WebStores, planId: ResourceId): StoredSite[] {
  return services.resources
    .listInSubscription<StoredSite>(planId.subscriptionId!, SITE_TYPE)
    .filter((s) => normalizeKey(s.properties.serverFarmId) === planId.key);
}

/** A site of this name anywhere: web app names are host names, unique across all subscriptions. */
export function findSiteByName(services: WebStores, name: string): StoredSite | undefined {
  const lower = name.toLowerCase();
  for (const subscriptionId of services.config.subscriptions) {
    const hit = services.resources.listInSubscription<StoredSite>(subscriptionId, SITE_TYPE).find((s) => s.name.toLowerCase() === lower);
    if (hit !== undefined) return hit;
  }
  return undefined;
}
