/**
 * Which part of azmi answers a request: by host name first (what a client reaching
 * management.azure.com / login.microsoftonline.com / graph.microsoft.com through the proxy
 * sends), then by path (the direct port serves everything).
 */
export type Area = "admin" | "identity" | "metadata" | "arm" | "graph" | "login" | "keyvault" | "unknown";

const LOGIN_PATH = /^\/[^/]+\/(oauth2|v2\.0\/\.well-known|\.well-known|discovery)(\/|$)/i;
// Case-insensitive patterns rather than a lower-cased copy of every path: this runs per request.
const AZMI_IDENTITY_PATH = /^\/_azmi\/(imds|msi|issuer|identity-endpoint)(\/|$)/i;
const AZMI_ADMIN_PATH = /^\/_azmi(\/|$)/i;
const MANAGED_IDENTITY_PATH = /^\/metadata\/identity/i;
const METADATA_ENDPOINTS_PATH = /^\/metadata\/endpoints/i;
const ARM_PATH = /^\/(subscriptions|providers|tenants)(\/|$)/i;
const GRAPH_PATH = /^\/(v1\.0|beta)(\/|$)/i;
/** {vault}.vault.azure.net through the proxy, {vault}.vault.localhost[:port] directly. */
const VAULT_HOST = /^[a-z0-9-]+\.vault\.(azure\.net|localhost)\.?(:\d+)?$/;
const LOGIN_SPECIAL_PATH = /^\/(common\/discovery\/instance|adfs)(\/|$)/i;

export function areaOf(hostHeader: string | undefined, path: string): Area {
  const host = (hostHeader ?? "").toLowerCase();
  // azmi's own managed-identity endpoints and test issuer (tokens/), under /_azmi like the admin routes.
  if (AZMI_IDENTITY_PATH.test(path)) return "identity";
  if (AZMI_ADMIN_PATH.test(path)) return "admin";
  if (MANAGED_IDENTITY_PATH.test(path)) return "identity";
  if (VAULT_HOST.test(host)) return "keyvault";
  if (host.startsWith("graph.")) return "graph";
  if (host.startsWith("login.") || host.startsWith("sts.")) return "login";
  if (METADATA_ENDPOINTS_PATH.test(path)) return "metadata";
  if (host.startsWith("management.")) return "arm";
  if (ARM_PATH.test(path)) return "arm";
  if (GRAPH_PATH.test(path)) return "graph";
  if (LOGIN_SPECIAL_PATH.test(path) || LOGIN_PATH.test(path)) return "login";
  return "unknown";
}

/**
 * The Azure SDKs send a `scope` parameter with its slashes encoded (`/%2Fsubscriptions%2F…`,
 * e.g. @azure/arm-locks ManagementLocks.*ByScope) and ARM reads them as separators: no ARM
 * name may contain a '/', so an encoded one is always a separator. Repeated slashes collapse.
 */
export function normalizedPath(path: string): string {
  let out = path;
  if (/%2f/i.test(out)) out = out.replace(/%2f/gi, "/");
  if (out.includes("//")) out = out.replace(/\/{2,}/g, "/");
  return out;
}
