/**
 * The hostile-input campaign's requests: broken JSON, wrong types, bad ids and api-versions,
 * `__proto__` / `constructor` keys in bodies, tags, paths and queries, huge headers and bodies,
 * garbage on the wire. `hostileRequest(i)` is deterministic: request i is always the same.
 */
const SUB = "00000000-0000-0000-0000-000000000000";
const TENANT = "00000000-0000-0000-0000-000000000000";
export const CAMPAIGN_GROUP = `/subscriptions/${SUB}/resourceGroups/hostile`;
const RG = CAMPAIGN_GROUP;
const READER = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`;

export interface HostileRequest {
  readonly method: string;
  readonly path: string;
  readonly body?: string | Buffer;
  readonly headers?: Record<string, string>;
}

/** Bytes written straight to a socket, for what no HTTP client would send. */
export interface RawBytes {
  readonly raw: Buffer;
}

const bodies: readonly string[] = [
  "{",
  '{"location":',
  "null",
  "[]",
  '"westeurope"',
  "123",
  "true",
  '{"location":123}',
  '{"location":["westeurope"]}',
  '{"location":{"name":"westeurope"}}',
  '{"location":"westeurope","tags":"x"}',
  '{"location":"westeurope","tags":{"a":1}}',
  '{"location":"westeurope","tags":[1,2]}',
  '{"location":"westeurope","tags":{"a":null}}',
  '{"location":"westeurope","properties":[]}',
  '{"location":"westeurope","properties":"x"}',
  '{"location":"westeurope","properties":{"isolationScope":7}}',
  '{"__proto__":{"polluted":"yes"},"location":"westeurope"}',
  '{"constructor":{"prototype":{"polluted":"yes"}},"location":"westeurope"}',
  '{"location":"westeurope","tags":{"__proto__":{"polluted":"yes"}}}',
  '{"location":"westeurope","tags":{"__proto__":"x","constructor":"y","prototype":"z","hasOwnProperty":"w","toString":"v"}}',
  '{"location":"westeurope","identity":{"type":"UserAssigned","userAssignedIdentities":{"__proto__":{}}}}',
  '{"location":"westeurope","identity":{"type":"SystemAssigned, UserAssigned","userAssignedIdentities":{"constructor":{}}}}',
  '{"location":"westeurope","identity":{"type":"__proto__"}}',
  '{"location":"westeurope","identity":"SystemAssigned"}',
  '{"properties":{"__proto__":{"roleDefinitionId":"x"}}}',
  '{"properties":{"roleDefinitionId":{"__proto__":1},"principalId":[]}}',
  `{"properties":{"roleDefinitionId":"${READER}","principalId":"__proto__","principalType":"constructor"}}`,
  `{"properties":{"roleDefinitionId":"${READER}","principalId":"11111111-1111-1111-1111-111111111111","principalType":"ServicePrincipal","condition":{"a":1}}}`,
  '{"properties":{"level":"CanNotDelete","notes":{"__proto__":{}}}}',
  '{"properties":{"level":"__proto__"}}',
  '\uFEFF{"location":"westeurope"}',
  '{"location":"westeurope"}garbage',
  '{"location":"westeurope","location":"eastus"}',
  '{"location":"\\ud800"}',
  '{"location":"west\\u0000europe"}',
  '{"location":1e400}',
  `{"a":${"[".repeat(3000)}`,
  `${"[".repeat(20000)}${"]".repeat(20000)}`,
  `{"location":"westeurope","tags":{${Array.from({ length: 200 }, (_, i) => `"t${i}":"v"`).join(",")}}}`,
  `{"location":"${"w".repeat(100_000)}"}`,
  '{"displayName":{"__proto__":"x"},"__proto__":{"appId":"y"}}',
  '{"displayName":"hostile","requiredResourceAccess":"nope","passwordCredentials":{"__proto__":[]}}',
  '{"appId":"__proto__"}',
  '{"appId":{"constructor":1}}',
];

const names: readonly string[] = [
  "__proto__",
  "constructor",
  "prototype",
  "hasOwnProperty",
  "a",
  "-bad",
  "x".repeat(300),
  "%ZZ",
  "%00",
  "..%2F..%2Fetc",
  "%C0%AF",
  "name with space",
  "%F0%9F%92%A9",
  "toString",
];

const apiVersions: readonly string[] = [
  "",
  "api-version=",
  "api-version=abc",
  "api-version=2099-01-01",
  "api-version=2023-01-31-preview-xyz",
  "api-version[]=2023-01-31",
  "api-version=2023-01-31&api-version=2015-08-31-preview",
  "api-version=__proto__",
  "api-version=%ZZ",
  "__proto__[polluted]=yes&api-version=2023-01-31",
  "constructor[prototype][polluted]=yes&api-version=2023-01-31",
  `api-version=${"9".repeat(5000)}`,
];

const filters: readonly string[] = [
  "(".repeat(5000),
  `${"(".repeat(2000)}displayName eq 'x'${")".repeat(2000)}`,
  `${"not ".repeat(3000)}true`,
  "startswith(",
  "displayName eq ",
  "displayName eq 'unterminated",
  "__proto__ eq 'x'",
  "constructor/prototype eq 1",
  "appId in ('a', 'b'",
  "servicePrincipalNames/any(x:x eq 'y')",
  "servicePrincipalNames/any(__proto__:__proto__ eq 'y')",
  "displayName eq 'x' and " + Array.from({ length: 500 }, (_, i) => `appId eq '${i}'`).join(" or "),
  "%ZZ",
];

const graphPaths: readonly string[] = [
  "/v1.0/servicePrincipals/__proto__",
  "/v1.0/servicePrincipals(appId='__proto__')",
  "/v1.0/servicePrincipals(appId='x",
  "/v1.0/servicePrincipals(constructor='x')",
  "/v1.0/applications/constructor/owners",
  "/v1.0/%ZZ",
  "/v2.0/servicePrincipals",
  "/v1.0/servicePrincipals?$top=-1",
  "/v1.0/servicePrincipals?$top=abc",
  "/v1.0/servicePrincipals?$top=99999999999999999999",
  "/v1.0/servicePrincipals?$skiptoken=garbage",
  "/v1.0/servicePrincipals?$skiptoken=X'00'",
  "/v1.0/servicePrincipals?$select=__proto__,constructor",
  "/v1.0/servicePrincipals?$orderby=constructor desc",
  "/v1.0/servicePrincipals?$search=%22x%22",
  "/v1.0/servicePrincipals?$count=maybe",
  "/v1.0/servicePrincipals/$count",
  "/v1.0/directoryObjects/getByIds",
  `/v1.0/${"a/".repeat(2000)}`,
];

const loginForms: readonly string[] = [
  "",
  "grant_type=client_credentials",
  "grant_type=__proto__&client_id=x&client_secret=y&scope=z",
  "grant_type=client_credentials&client_id=__proto__&client_secret=x&scope=__proto__/.default",
  "grant_type=client_credentials&client_id=x&client_assertion=a.b.c&client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer&scope=https://management.azure.com/.default",
  `grant_type=client_credentials&client_id=x&client_assertion=${Buffer.from('{"alg":"RS256","__proto__":{"x":1}}').toString("base64url")}.${Buffer.from('{"constructor":{"prototype":{"p":1}}}').toString("base64url")}.sig&client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer&scope=https://management.azure.com/.default`,
  "grant_type=client_credentials&client_id=x&client_secret=y&scope=%ZZ",
  `grant_type=client_credentials&client_id=x&client_secret=y&scope=${"s".repeat(50_000)}`,
  "grant_type=client_credentials&client_id=x&client_secret=y&resource=https://management.azure.com/",
];

const authorizations: readonly string[] = [
  "Bearer garbage",
  "Bearer a.b.c",
  `Bearer ${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from('{"__proto__":{"oid":"x"},"constructor":{"prototype":{"p":1}}}').toString("base64url")}.`,
  "Bearer " + "x".repeat(6000),
  "Basic !!!!",
  "Basic " + Buffer.from("%ZZ:%ZZ").toString("base64"),
  "Negotiate abc",
];

function pick<T>(list: readonly T[], i: number): T {
  return list[i % list.length]!;
}

/** Request i of the campaign. Writes reuse a few names, so the store does not grow with the count. */
export function hostileRequest(i: number): HostileRequest | RawBytes {
  const n = Math.floor(i / 23);
  const slot = i % 8;
  switch (i % 23) {
    case 0:
      return {
        method: "PUT",
        path: `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/h-${slot}?api-version=2023-01-31`,
        body: pick(bodies, n),
      };
    case 1:
      return { method: "PUT", path: `/subscriptions/${SUB}/resourceGroups/h-${slot}?api-version=2021-04-01`, body: pick(bodies, n + 3) };
    case 2:
      return {
        method: "PUT",
        path: `${RG}/providers/Microsoft.Authorization/roleAssignments/${pick(["__proto__", "constructor", "00000000-0000-0000-0000-00000000000" + slot, "not-a-guid"], n)}?api-version=2022-04-01`,
        body: pick(bodies, n + 5),
      };
    case 3:
      return { method: "PUT", path: `${RG}/providers/Microsoft.Storage/storageAccounts/hostile${slot}?api-version=2023-01-01`, body: pick(bodies, n + 7) };
    case 4:
      return {
        method: "PATCH",
        path: `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/h-${slot}?api-version=2023-01-31`,
        body: pick(bodies, n + 11),
      };
    case 5:
      return { method: "PUT", path: `${RG}/providers/Microsoft.Authorization/locks/lock-${slot}?api-version=2020-05-01`, body: pick(bodies, n + 13) };
    case 6:
      return {
        method: pick(["GET", "PUT", "DELETE"], n),
        path: `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${pick(names, n)}?api-version=2023-01-31`,
        ...(n % 3 === 1 ? { body: '{"location":"westeurope"}' } : {}),
      };
    case 7:
      return {
        method: "GET",
        path: `/subscriptions/${pick(["not-a-guid", "__proto__", SUB.toUpperCase(), "%00", ""], n)}/resourceGroups/${pick(names, n + 1)}?api-version=2021-04-01`,
      };
    case 8:
      return { method: "GET", path: `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities?${pick(apiVersions, n)}` };
    case 9:
      return {
        method: "PUT",
        path: `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/h-${slot}?${pick(apiVersions, n)}`,
        body: '{"location":"westeurope"}',
      };
    case 10:
      return {
        method: "GET",
        path: `/v1.0/servicePrincipals?$filter=${encodeURIComponent(pick(filters, n))}`,
        ...(n % 2 === 0 ? { headers: { consistencylevel: "eventual" } } : {}),
      };
    case 11:
      return { method: "GET", path: pick(graphPaths, n) };
    case 12:
      return {
        method: pick(["POST", "PATCH"], n),
        path: pick(["/v1.0/applications", "/v1.0/servicePrincipals", "/v1.0/groups", "/v1.0/users", "/v1.0/directoryObjects/getByIds"], n),
        body: pick(bodies, n + 17),
      };
    case 13:
      return {
        method: "POST",
        path: `/${pick([TENANT, "__proto__", "common", "organizations", "constructor", "%ZZ"], n)}/oauth2/${pick(["v2.0/token", "token"], n)}`,
        body: pick(loginForms, n),
        headers: { "content-type": "application/x-www-form-urlencoded", ...(n % 4 === 0 ? { authorization: pick(authorizations, n) } : {}) },
      };
    case 14:
      return {
        method: "GET",
        path: `/metadata/identity/oauth2/token?${pick(["api-version=2018-02-01&resource=https://management.azure.com/", "api-version=__proto__", "resource=x", "api-version=2018-02-01&resource=x&client_id=__proto__", "api-version=2018-02-01&resource=x&mi_res_id=%ZZ", "api-version=2019-08-01&resource=x&object_id=constructor"], n)}`,
        headers: n % 2 === 0 ? { metadata: "true" } : {},
      };
    case 15:
      return { method: "GET", path: `${RG}?api-version=2021-04-01`, headers: { authorization: pick(authorizations, n) } };
    case 16:
      return {
        method: "GET",
        path: `${RG}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=${encodeURIComponent(pick(["atScope()", "principalId eq '__proto__'", "assignedTo('constructor')", "principalId eq", "(((", "roleDefinitionId eq 'x'"], n))}`,
      };
    case 17:
      return {
        method: pick(["PUT", "POST", "PATCH"], n),
        path: `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/h-${slot}?api-version=2023-01-31`,
        body: '{"location":"westeurope"}',
        headers: { "content-type": pick(["text/plain", "application/xml", "multipart/form-data; boundary=x", "application/json; charset=ebcdic"], n) },
      };
    case 18:
      return { method: pick(["PROPFIND", "OPTIONS", "TRACE", "HEAD", "MKCOL"], n), path: `${RG}?api-version=2021-04-01` };
    case 19:
      // Oversized: a header past Node's limit (431), or a body past 4 MB (413). Rare: they are big.
      return n % 30 === 0
        ? {
            method: "PUT",
            path: `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/h-0?api-version=2023-01-31`,
            body: Buffer.alloc(5 * 1024 * 1024 + 1, 0x20),
          }
        : n % 30 === 1
          ? { method: "POST", path: "/v1.0/applications", body: Buffer.alloc(5 * 1024 * 1024, 0x20) }
          : { method: "GET", path: `${RG}?api-version=2021-04-01`, headers: { "x-hostile": "h".repeat(20_000 + (n % 5) * 10_000) } };
    case 20:
      return { method: "GET", path: `/subscriptions/${SUB}/${"providers/".repeat(n % 2 === 0 ? 600 : 3)}x?api-version=2021-04-01` };
    case 21:
      return {
        method: "GET",
        path: pick(
          [
            "/_azmi/ca.pem",
            "/_azmi/%ZZ",
            "/_azmi/__proto__",
            "/metadata/endpoints?api-version=__proto__",
            "/__proto__",
            "/constructor/prototype",
            "/%",
            "/?%ZZ=1",
            "/tenants?api-version=2022-12-01&$skiptoken=%ZZ",
          ],
          n,
        ),
      };
    default:
      return { raw: Buffer.from(pick(rawGarbage, n), "latin1") };
  }
}

const rawGarbage: readonly string[] = [
  "GARBAGE\r\n\r\n",
  "\u0000\u0001\u0002\u0003\r\n\r\n",
  "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -1\r\n\r\n",
  "POST /subscriptions HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n\r\n",
  "POST /subscriptions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
  "GET / HTTP/9.9\r\n\r\n",
  "GET /\r\n\r\n",
  "CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n",
  "CONNECT management.azure.com:443 HTTP/1.1\r\n\r\n\u0016\u0003\u0001\u0000\u0005hello",
  "\u0016\u0003\u0001\u0000\u0005hello",
  "\u0016\u0003\u0001\u0002\u0000" + "\u0001".repeat(600),
  "GET http://evil.example/ HTTP/1.1\r\nHost: evil.example\r\n\r\n",
  "GET http://[::1 HTTP/1.1\r\nHost: x\r\n\r\n",
  "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "X: y\r\n".repeat(3000) + "\r\n",
  'PUT /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/h-0?api-version=2021-04-01 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{"location"',
];
