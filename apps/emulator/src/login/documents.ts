/**
 * The discovery documents of Entra ID's login endpoints, pointed at azmi as the client
 * reached it (`base` is scheme://host[:port] of the request). MSAL reads token_endpoint and
 * authorization_endpoint from them; the first path segment of token_endpoint is its tenant.
 */
export const WELL_KNOWN_TENANTS = new Set(["common", "organizations", "consumers"]);

/** Hosts Entra itself answers for; instance discovery lists them as one cloud's aliases. */
const LOGIN_ALIASES = ["login.microsoftonline.com", "login.windows.net", "login.microsoft.com", "sts.windows.net"];

const CLAIMS = [
  "sub",
  "iss",
  "cloud_instance_name",
  "cloud_instance_host_name",
  "cloud_graph_host_name",
  "msgraph_host",
  "aud",
  "exp",
  "iat",
  "auth_time",
  "acr",
  "nonce",
  "preferred_username",
  "name",
  "tid",
  "ver",
  "at_hash",
  "c_hash",
  "email",
];

const CLIENT_AUTH_METHODS = ["client_secret_post", "private_key_jwt", "client_secret_basic"];
const RESPONSE_MODES = ["query", "fragment", "form_post"];
const SUBJECT_TYPES = ["pairwise"];
const SIGNING_ALGORITHMS = ["RS256"];

/** The public cloud Entra's v1 and v2 documents both name (they end with these fields). */
const ENTRA_CLOUD = {
  tenant_region_scope: "NA",
  cloud_instance_name: "microsoftonline.com",
  cloud_graph_host_name: "graph.windows.net",
  msgraph_host: "graph.microsoft.com",
  rbac_url: "https://pas.windows.net",
};

/** The tenant GUID a document or token names: the configured tenant for domains and well-known names. */
export function resolveTenantId(pathTenant: string, defaultTenantId: string): string {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(pathTenant) ? pathTenant.toLowerCase() : defaultTenantId;
}

function issuerTenant(pathTenant: string, defaultTenantId: string): string {
  return WELL_KNOWN_TENANTS.has(pathTenant.toLowerCase()) ? "{tenantid}" : resolveTenantId(pathTenant, defaultTenantId);
}

export function openIdConfigurationV2(base: string, tenant: string, defaultTenantId: string): Record<string, unknown> {
  const t = `${base}/${tenant}`;
  return {
    token_endpoint: `${t}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    jwks_uri: `${t}/discovery/v2.0/keys`,
    response_modes_supported: RESPONSE_MODES,
    subject_types_supported: SUBJECT_TYPES,
    id_token_signing_alg_values_supported: SIGNING_ALGORITHMS,
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    issuer: `${base}/${issuerTenant(tenant, defaultTenantId)}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: "https://graph.microsoft.com/oidc/userinfo",
    authorization_endpoint: `${t}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${t}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${t}/oauth2/v2.0/logout`,
    claims_supported: CLAIMS,
    kerberos_endpoint: `${t}/kerberos`,
    ...ENTRA_CLOUD,
  };
}

export function openIdConfigurationV1(base: string, tenant: string, defaultTenantId: string): Record<string, unknown> {
  const t = `${base}/${tenant}`;
  const tid = issuerTenant(tenant, defaultTenantId);
  return {
    token_endpoint: `${t}/oauth2/token`,
    token_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    jwks_uri: `${base}/common/discovery/keys`,
    response_modes_supported: RESPONSE_MODES,
    subject_types_supported: SUBJECT_TYPES,
    id_token_signing_alg_values_supported: SIGNING_ALGORITHMS,
    response_types_supported: ["code", "id_token", "code id_token", "token id_token", "token"],
    scopes_supported: ["openid"],
    issuer: `https://sts.windows.net/${tid}/`,
    microsoft_multi_refresh_token: true,
    authorization_endpoint: `${t}/oauth2/authorize`,
    device_authorization_endpoint: `${t}/oauth2/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${t}/oauth2/logout`,
    claims_supported: CLAIMS,
    check_session_iframe: `${t}/oauth2/checksession`,
    userinfo_endpoint: `${t}/openid/userinfo`,
    kerberos_endpoint: `${t}/kerberos`,
    ...ENTRA_CLOUD,
  };
}

/** ADFS-style authority (`{base}/adfs`): MSAL skips instance discovery for it, which az 2.45 needs. */
export function openIdConfigurationAdfs(base: string): Record<string, unknown> {
  const t = `${base}/adfs`;
  return {
    issuer: t,
    authorization_endpoint: `${t}/oauth2/authorize/`,
    token_endpoint: `${t}/oauth2/token/`,
    jwks_uri: `${t}/discovery/keys`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic", "private_key_jwt", "windows_client_authentication"],
    response_types_supported: ["code", "id_token", "code id_token", "id_token token", "code token", "code id_token token"],
    response_modes_supported: RESPONSE_MODES,
    grant_types_supported: [
      "authorization_code",
      "refresh_token",
      "client_credentials",
      "urn:ietf:params:oauth:grant-type:jwt-bearer",
      "implicit",
      "password",
      "srv_challenge",
      "urn:ietf:params:oauth:grant-type:device_code",
      "device_code",
    ],
    subject_types_supported: SUBJECT_TYPES,
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    id_token_signing_alg_values_supported: SIGNING_ALGORITHMS,
    access_token_issuer: "http://adfs/services/trust",
    device_authorization_endpoint: `${t}/oauth2/devicecode`,
    end_session_endpoint: `${t}/oauth2/logout`,
  };
}

/**
 * `/common/discovery/instance`: MSAL asks it whether an authority is a known Entra cloud.
 * api-version 1.0 wants tenant_discovery_endpoint; 1.1 reads metadata[].aliases. Both get both.
 */
export function instanceDiscovery(base: string, authorizationEndpoint: string | undefined, requestHost: string): Record<string, unknown> {
  let origin = base;
  let tenant = "common";
  if (authorizationEndpoint !== undefined) {
    try {
      const url = new URL(authorizationEndpoint);
      tenant = url.pathname.split("/").filter((s) => s !== "")[0] ?? "common";
      // MSAL drops the port of a custom host: keep the origin it reached us on when the names agree.
      const sameHost = url.hostname.toLowerCase() === requestHost.toLowerCase().replace(/:\d+$/, "");
      origin = sameHost ? base : url.origin;
    } catch {
      // An unparsable authorization_endpoint is answered for the common tenant.
    }
  }
  const host = new URL(base).host;
  const aliases = LOGIN_ALIASES.includes(host) ? LOGIN_ALIASES : [host, ...LOGIN_ALIASES];
  return {
    tenant_discovery_endpoint: `${origin}/${tenant}/v2.0/.well-known/openid-configuration`,
    "api-version": "1.1",
    metadata: [{ preferred_network: host, preferred_cache: host, aliases }],
  };
}
