/**
 * Which token audiences each service accepts, derived from the very values a cloud metadata
 * document advertises for it. A client builds its token request from that document (az from
 * `authentication.audiences[0]` and `microsoftGraphResourceId`, Terraform from `resourceManager`
 * and `microsoftGraphResourceId`, the SDKs from `audiences` or the endpoint itself), so whatever
 * azmi advertises must be accepted by the service it names, and nothing else may be: the document
 * (apps/emulator metadata/endpoints.ts) and this table are computed from one `advertisedResources`
 * and cannot drift apart.
 */

/** Where each service is, as seen by a client at one origin (each URL ends with a slash). */
export interface CloudUrls {
  readonly resourceManager: string;
  readonly login: string;
  readonly graph: string;
}

/** Azure's own hosts: what a client reaching azmi through its proxy (as management.azure.com) is told. */
export const PUBLIC_CLOUD_URLS: CloudUrls = {
  resourceManager: "https://management.azure.com/",
  login: "https://login.microsoftonline.com/",
  graph: "https://graph.microsoft.com/",
};

/** The services a token can be meant for. */
export type AzureService = "resourceManager" | "graph" | "keyVault" | "managedHsm" | "storage";

/** The resource-id fields of a cloud metadata document (Azure's field names). */
export interface AdvertisedResources {
  /** `authentication.audiences`: ARM's token audiences, the first is az's activeDirectoryResourceId. */
  readonly armAudiences: readonly string[];
  /** `resourceManager`: ARM's base URL, which Terraform and the SDKs also use as its audience. */
  readonly resourceManager: string;
  /** `graphAudience` and `microsoftGraphResourceId`: Graph's base URL and audience. */
  readonly graphAudience: string;
  readonly microsoftGraphResourceId: string;
  /** `suffixes.keyVaultDns`: clients ask Key Vault tokens for `https://{suffix}`. */
  readonly keyVaultDns: string;
  readonly managedHsmResourceId: string;
  /** `suffixes.storage` is the account host suffix; storage tokens are for Azure Storage's own resource id. */
  readonly storageSuffix: string;
}

/** Entra's first-party application ids: a v2 token for a first-party resource may carry one as its aud. */
const FIRST_PARTY_APP_IDS: Readonly<Record<AzureService, readonly string[]>> = {
  resourceManager: [],
  graph: ["00000003-0000-0000-c000-000000000000"],
  keyVault: ["cfa8b339-82a2-471a-a3c9-0fc0be7a4093"],
  managedHsm: [],
  storage: ["e406a681-f3d4-42a8-90b6-c2b029497af1"],
};

/** ARM's own audiences: the list its 401 names as allowed, whatever cloud document a client read. */
const AZURE_ARM_AUDIENCES = ["https://management.core.windows.net/", "https://management.azure.com/"];
const AZURE_GRAPH_AUDIENCE = "https://graph.microsoft.com/";
const AZURE_STORAGE_RESOURCE = "https://storage.azure.com/";

export function advertisedResources(urls: CloudUrls): AdvertisedResources {
  return {
    armAudiences: ["https://management.core.windows.net/", urls.resourceManager],
    resourceManager: urls.resourceManager,
    graphAudience: urls.graph,
    microsoftGraphResourceId: urls.graph,
    keyVaultDns: "vault.azure.net",
    managedHsmResourceId: "https://managedhsm.azure.net",
    storageSuffix: "core.windows.net",
  };
}

/**
 * The forms of one resource id a token's aud can take after a client derived it from the
 * advertised value: with and without the trailing slash (`X/.default` and `X//.default` both
 * name X; v1 `resource` is kept as sent). The slash form first, as ARM lists its own.
 */
export function audienceForms(resource: string): string[] {
  const bare = resource.trim().replace(/\/+$/, "");
  return [`${bare}/`, bare];
}

function unique(values: readonly string[]): readonly string[] {
  const seen = new Map<string, string>();
  for (const value of values) if (!seen.has(value.toLowerCase())) seen.set(value.toLowerCase(), value);
  return [...seen.values()];
}

/** The accepted-audience table for a client that was told `urls`: one list per service. */
export function acceptedAudiences(urls: CloudUrls): Readonly<Record<AzureService, readonly string[]>> {
  const advertised = advertisedResources(urls);
  const of = (service: AzureService, resources: readonly string[]) => unique([...resources.flatMap(audienceForms), ...FIRST_PARTY_APP_IDS[service]]);
  return {
    resourceManager: of("resourceManager", [...AZURE_ARM_AUDIENCES, ...advertised.armAudiences, advertised.resourceManager]),
    graph: of("graph", [AZURE_GRAPH_AUDIENCE, advertised.graphAudience, advertised.microsoftGraphResourceId]),
    keyVault: of("keyVault", [`https://${advertised.keyVaultDns}`]),
    managedHsm: of("managedHsm", [advertised.managedHsmResourceId]),
    storage: of("storage", [AZURE_STORAGE_RESOURCE]),
  };
}
