/**
 * Which part of azmi answers a request: by host name first (what a client reaching
 * management.azure.com / login.microsoftonline.com / graph.microsoft.com through the proxy
 * sends), then by path (the direct port serves everything).
 */
export type Area = "admin" | "identity" | "metadata" | "arm" | "graph" | "login" | "unknown";

const LOGIN_PATH = /^\/[^/]+\/(oauth2|v2\.0\/\.well-known|\.well-known|discovery)(\/|$)/i;

export function areaOf(hostHeader: string | undefined, path: string): Area {
  const host = (hostHeader ?? "").toLowerCase().replace(/:\d+$/, "");
  const lower = path.toLowerCase();
  // azmi's own managed-identity endpoints and test issuer (tokens/), under /_azmi like the admin routes.
  if (/^\/_azmi\/(imds|msi|issuer|identity-endpoint)(\/|$)/.test(lower)) return "identity";
  if (lower.startsWith("/_azmi/") || lower === "/_azmi") return "admin";
  if (lower.startsWith("/metadata/identity")) return "identity";
  if (host.startsWith("graph.")) return "graph";
  if (host.startsWith("login.") || host.startsWith("sts.")) return "login";
  if (lower.startsWith("/metadata/endpoints")) return "metadata";
  if (host.startsWith("management.")) return "arm";
  if (/^\/(subscriptions|providers|tenants)(\/|$)/.test(lower)) return "arm";
  if (/^\/(v1\.0|beta)(\/|$)/.test(lower)) return "graph";
  if (/^\/(common\/discovery\/instance|adfs)(\/|$)/.test(lower) || LOGIN_PATH.test(path)) return "login";
  return "unknown";
}
