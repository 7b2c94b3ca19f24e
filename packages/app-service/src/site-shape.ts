/**
 * How a site looks: the fields Azure fills in on create (host names, state, stamp, IPs ...),
 * how a request's settings fold into the stored site, and the site as it is answered. Pure
 * shape: no storage, no HTTP.
 */
import type { ResourceId } from "@azmi/arm-core";
import type { ResourceIdentity } from "@azmi/identity";
import { defaultSiteConfig } from "./site-config-defaults.js";
import { defaultHostName, scmHostName } from "./site-names.js";
import { customDomainVerificationId, siteStamp } from "./site-stamp.js";
import { SITE_TYPE, type StoredPlan, type StoredSite } from "./web-resources.js";

type Json = Record<string, unknown>;

/** Settings sent inline in siteConfig that Azure keeps in their own config documents. */
const INLINE_COLLECTIONS = new Set(["appSettings", "connectionStrings"]);

/**
 * The site's SiteConfig after a write: what was there (or a new site's defaults), overlaid by
 * the non-null settings sent. Nulls mean "unchanged": the CLI reads a site and PUTs it back
 * with most settings null.
 */
export function mergeSiteConfig(siteName: string, linux: boolean, previous: Json | undefined, sent: Json | null | undefined): Json {
  const merged: Json = { ...(previous ?? defaultSiteConfig(siteName, linux)) };
  for (const [key, value] of Object.entries(sent ?? {})) {
    if (value === null || value === undefined || INLINE_COLLECTIONS.has(key)) continue;
    // Defined, not assigned: a client-chosen "__proto__" must not become merged's prototype.
    Object.defineProperty(merged, key, { value, enumerable: true, writable: true, configurable: true });
  }
  merged.appSettings = null;
  merged.connectionStrings = null;
  return merged;
}

/** kind as Azure reports it: app, app,linux, app,linux,container ... unless the client chose one. */
export function siteKind(requested: string | null | undefined, plan: StoredPlan, siteConfig: Json): string {
  if (requested !== undefined && requested !== null && requested !== "") return requested;
  const fx = String(siteConfig.linuxFxVersion ?? siteConfig.windowsFxVersion ?? "").toUpperCase();
  const container = fx.startsWith("DOCKER|") || fx.startsWith("COMPOSE|");
  if (plan.properties.reserved) return container ? "app,linux,container" : "app,linux";
  return container ? "app,container,windows" : "app";
}

export interface SiteInput {
  readonly id: ResourceId;
  readonly location: string;
  readonly kind: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly plan: StoredPlan;
  /** The request's properties other than siteConfig, nulls dropped. */
  readonly sent: Json;
  readonly siteConfig: Json;
  readonly identity: ResourceIdentity | undefined;
  readonly previous: StoredSite | undefined;
  readonly now: Date;
}

export function buildSite(input: SiteInput): StoredSite {
  const { id, plan, sent, siteConfig, previous } = input;
  const name = id.name!;
  const host = defaultHostName(name);
  const scm = scmHostName(name);
  const stamp = siteStamp(id.subscriptionId!, name);
  const before: Json = previous?.properties ?? {};
  const enabled = (sent.enabled ?? before.enabled ?? true) as boolean;
  const reserved = plan.properties.reserved;
  const webSpace = String(plan.properties.webSpace ?? `${id.resourceGroup}-webspace`);
  const properties = {
    ...before,
    ...sent,
    name,
    state: before.state ?? "Running",
    hostNames: [host],
    webSpace,
    selfLink: `https://${stamp.homeStamp}.api.azurewebsites.windows.net:454/subscriptions/${id.subscriptionId}/webspaces/${webSpace}/sites/${name}`,
    repositorySiteName: name,
    owner: null,
    usageState: "Normal",
    enabled,
    adminEnabled: true,
    enabledHostNames: enabled ? [host, scm] : [],
    siteProperties: {
      metadata: null,
      properties: [
        { name: "LinuxFxVersion", value: siteConfig.linuxFxVersion ?? "" },
        { name: "WindowsFxVersion", value: siteConfig.windowsFxVersion ?? null },
      ],
      appSettings: null,
    },
    availabilityState: "Normal",
    sslCertificates: null,
    csrs: [],
    cers: null,
    siteMode: null,
    hostNameSslStates: [hostNameSslState(host, "Standard"), hostNameSslState(scm, "Repository")],
    computeMode: null,
    serverFarm: null,
    serverFarmId: plan.id,
    reserved,
    isXenon: plan.properties.isXenon ?? false,
    hyperV: plan.properties.hyperV ?? false,
    lastModifiedTimeUtc: input.now.toISOString(),
    storageRecoveryDefaultState: "Running",
    contentAvailabilityState: "Normal",
    runtimeAvailabilityState: "Normal",
    dnsConfiguration: before.dnsConfiguration ?? {},
    vnetRouteAllEnabled: sent.vnetRouteAllEnabled ?? before.vnetRouteAllEnabled ?? false,
    siteConfig,
    deploymentId: name,
    slotName: null,
    trafficManagerHostNames: null,
    sku: plan.sku.tier,
    scmSiteAlsoStopped: sent.scmSiteAlsoStopped ?? before.scmSiteAlsoStopped ?? false,
    targetSwapSlot: null,
    hostingEnvironment: null,
    hostingEnvironmentProfile: null,
    clientAffinityEnabled: sent.clientAffinityEnabled ?? before.clientAffinityEnabled ?? true,
    clientCertEnabled: sent.clientCertEnabled ?? before.clientCertEnabled ?? false,
    clientCertMode: sent.clientCertMode ?? before.clientCertMode ?? "Required",
    clientCertExclusionPaths: sent.clientCertExclusionPaths ?? before.clientCertExclusionPaths ?? null,
    hostNamesDisabled: false,
    domainVerificationIdentifiers: null,
    customDomainVerificationId: customDomainVerificationId(id.subscriptionId!),
    kind: input.kind,
    inboundIpAddress: stamp.inboundIpAddress,
    possibleInboundIpAddresses: stamp.inboundIpAddress,
    ftpUsername: `${name}\\$${name}`,
    ftpsHostName: stamp.ftpsHostName,
    outboundIpAddresses: stamp.outboundIpAddresses,
    possibleOutboundIpAddresses: stamp.possibleOutboundIpAddresses,
    containerSize: 0,
    dailyMemoryTimeQuota: 0,
    suspendedTill: null,
    siteDisabledReason: 0,
    functionExecutionUnitsCache: null,
    maxNumberOfWorkers: null,
    homeStamp: stamp.homeStamp,
    cloningInfo: null,
    hostingEnvironmentId: null,
    tags: null,
    resourceGroup: id.resourceGroup,
    defaultHostName: host,
    slotSwapStatus: null,
    httpsOnly: sent.httpsOnly ?? before.httpsOnly ?? false,
    endToEndEncryptionEnabled: false,
    redundancyMode: "None",
    inProgressOperationId: null,
    geoDistributions: null,
    privateEndpointConnections: [],
    publicNetworkAccess: sent.publicNetworkAccess ?? before.publicNetworkAccess ?? null,
    buildVersion: null,
    targetBuildVersion: null,
    migrationState: null,
    eligibleLogCategories:
      "AppServiceAppLogs,AppServiceAuditLogs,AppServiceConsoleLogs,AppServiceHTTPLogs,AppServiceIPSecAuditLogs,AppServicePlatformLogs,ScanLogs,AppServiceAuthenticationLogs",
    storageAccountRequired: false,
    virtualNetworkSubnetId: sent.virtualNetworkSubnetId ?? before.virtualNetworkSubnetId ?? null,
    keyVaultReferenceIdentity: sent.keyVaultReferenceIdentity ?? before.keyVaultReferenceIdentity ?? "SystemAssigned",
    defaultHostNameScope: "Global",
    provisioningState: "Succeeded",
  };
  const site: StoredSite = {
    id: id.id,
    name,
    type: SITE_TYPE,
    kind: input.kind,
    location: input.location,
    tags: { ...input.tags },
    properties,
  };
  return input.identity === undefined ? site : { ...site, identity: input.identity };
}

function hostNameSslState(name: string, hostType: "Standard" | "Repository"): Json {
  return {
    name,
    sslState: "Disabled",
    ipBasedSslResult: null,
    virtualIP: null,
    virtualIPv6: null,
    thumbprint: null,
    certificateResourceId: null,
    toUpdate: null,
    toUpdateIpBasedSsl: null,
    ipBasedSslState: "NotConfigured",
    hostType,
  };
}
