/**
 * `GET /metadata/endpoints`: the cloud description az (`az cloud register`), Terraform
 * (`metadata_host`) and the SDKs build a custom cloud from. Every endpoint points at azmi as
 * the client reached it. Reached as management.azure.com (through the proxy), the other hosts
 * are the public ones, which the proxy also serves. The shape depends on the api-version:
 * 2022-09-01 and 2015-01-01 one object, 2020-06-01 and 2019-05-01 an array holding it,
 * 2018-01-01 the location cache, answered `{}` so that any region name is accepted.
 */
import type Koa from "koa";
import { randomUUID } from "node:crypto";
import { armErrors } from "@azmi/arm-core";
import { advertisedResources, PUBLIC_CLOUD_URLS, type CloudUrls } from "@azmi/identity";
import { isEmulatedHost, isLocalName } from "../listener/emulated-hosts.js";
import { renderError } from "../arm/render.js";
import type { Services } from "../services.js";
import { writeAnswer } from "../http/answer.js";
import { requestOrigin } from "../http/origin.js";

const OBJECT_VERSIONS = new Set(["2022-09-01", "2015-01-01"]);
const ARRAY_VERSIONS = new Set(["2020-06-01", "2019-05-01"]);
const LOCATION_CACHE_VERSION = "2018-01-01";
const SUPPORTED = ["2022-09-01", "2020-06-01", "2019-05-01", "2018-01-01", "2015-01-01"];

export const CLOUD_NAME = "azmi";

/**
 * Where each service is, as seen from a client that reached azmi at `origin`. Under an Azure host
 * name (through the proxy) the services are at Azure's own hosts, which the proxy also serves.
 */
export function cloudUrls(origin: string): CloudUrls {
  const hostname = new URL(origin).hostname.toLowerCase();
  if (isEmulatedHost(hostname) && !isLocalName(hostname)) return PUBLIC_CLOUD_URLS;
  const base = `${origin}/`;
  return { resourceManager: base, login: base, graph: base };
}

export function cloudMetadata(origin: string): Record<string, unknown> {
  const urls = cloudUrls(origin);
  // The resource ids come from the same function strict mode's accepted-audience table does.
  const resources = advertisedResources(urls);
  return {
    galleryEndpoint: urls.resourceManager,
    graphEndpoint: urls.graph,
    portalEndpoint: urls.resourceManager,
    graph: urls.graph,
    name: CLOUD_NAME,
    authentication: {
      loginEndpoint: urls.login,
      audiences: resources.armAudiences,
      tenant: "common",
      identityProvider: "AAD",
    },
    media: "https://rest.media.azure.net",
    graphAudience: resources.graphAudience,
    resourceManager: resources.resourceManager,
    sqlManagement: "https://management.core.windows.net:8443/",
    microsoftGraphResourceId: resources.microsoftGraphResourceId,
    appInsightsResourceId: "https://api.applicationinsights.io",
    appInsightsTelemetryChannelResourceId: "https://dc.applicationinsights.azure.com/v2/track",
    attestationResourceId: "https://attest.azure.net",
    synapseAnalyticsResourceId: "https://dev.azuresynapse.net",
    logAnalyticsResourceId: "https://api.loganalytics.io",
    ossrDbmsResourceId: "https://ossrdbms-aad.database.windows.net",
    batch: "https://batch.core.windows.net/",
    activeDirectoryDataLake: "https://datalake.azure.net/",
    managedHsmResourceId: resources.managedHsmResourceId,
    vmImageAliasDoc: "https://raw.githubusercontent.com/Azure/azure-rest-api-specs/main/arm-compute/quickstart-templates/aliases.json",
    suffixes: {
      azureDataLakeStoreFileSystem: "azuredatalakestore.net",
      acrLoginServer: "azurecr.io",
      sqlServerHostname: "database.windows.net",
      azureDataLakeAnalyticsCatalogAndJob: "azuredatalakeanalytics.net",
      keyVaultDns: resources.keyVaultDns,
      storage: resources.storageSuffix,
      azureFrontDoorEndpointSuffix: "azurefd.net",
      storageSyncEndpointSuffix: "afs.azure.net",
      mhsmDns: "managedhsm.azure.net",
      mysqlServerEndpoint: "mysql.database.azure.com",
      postgresqlServerEndpoint: "postgres.database.azure.com",
      mariadbServerEndpoint: "mariadb.database.azure.com",
      synapseAnalytics: "dev.azuresynapse.net",
      attestationEndpoint: "attest.azure.net",
    },
  };
}

/** The body for an api-version; throws the ARM api-version errors for a missing or unknown one. */
export function metadataFor(apiVersion: string | undefined, origin: string): unknown {
  if (apiVersion === undefined || apiVersion === "") throw armErrors.missingApiVersion();
  if (OBJECT_VERSIONS.has(apiVersion)) return cloudMetadata(origin);
  if (ARRAY_VERSIONS.has(apiVersion)) return [cloudMetadata(origin)];
  if (apiVersion === LOCATION_CACHE_VERSION) return {};
  throw armErrors.invalidApiVersion(apiVersion, "metadata/endpoints", SUPPORTED);
}

export function metadataMiddleware(_services: Services): Koa.Middleware {
  return async (ctx) => {
    const requestId = randomUUID();
    ctx.set("x-ms-request-id", requestId);
    ctx.set("x-ms-correlation-request-id", ctx.get("x-ms-correlation-request-id") || requestId);
    if (ctx.path.replace(/\/+$/, "").toLowerCase() !== "/metadata/endpoints" || (ctx.method !== "GET" && ctx.method !== "HEAD")) {
      writeAnswer(ctx, renderError(armErrors.invalidResourceType({ path: ctx.path, hint: "azmi serves no metadata there." })));
      return;
    }
    try {
      const apiVersion = typeof ctx.query["api-version"] === "string" ? ctx.query["api-version"] : undefined;
      ctx.type = "application/json; charset=utf-8";
      ctx.body = JSON.stringify(metadataFor(apiVersion, requestOrigin(ctx)));
    } catch (error) {
      writeAnswer(ctx, renderError(error));
    }
  };
}
