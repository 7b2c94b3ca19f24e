/**
 * What the request log shows of a request's headers and bodies: everything but secrets and
 * tokens. Authorization and cookie headers, the App Service identity header, form fields and
 * JSON members named like a secret (client_secret, access_token, assertion, password,
 * secretText, IDENTITY_HEADER ...), Key Vault secret values, private JWK members, and wherever
 * they appear, anything that looks like a JWT and the secret in a managed-identity endpoint's path
 * (/_azmi/imds/{secret}: whoever holds it gets the identity's tokens). Masking happens when a request is shown, so recording one stays cheap.
 */
const MASK = "***";
/** Header names whose values are credentials (not azmi's own x-azmi-authorization: that is the decision, the point of the log). */
const SECRET_HEADER = /^(?:proxy-)?authorization$|cookie|secret|token|identity-header|api-key|signature/i;
/** JSON member and form field names whose values are credentials. */
const SECRET_NAME = /secret|password|token|assertion|identity_header|private|^key$|^(?:d|p|q|dp|dq|qi|k)$/i;
/** A compact JWS/JWT: three base64url parts, the first two JSON objects ("eyJ"). */
const JWT = /eyJ[\w-]{4,}\.eyJ[\w-]{4,}\.[\w-]*/g;
const ENDPOINT_SECRET = /(\/_azmi\/imds\/)[^/\s"'?&]+/gi;

export type Headers = Readonly<Record<string, string | readonly string[] | number | undefined>>;

export function maskHeaders(headers: Headers): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [name, raw] of Object.entries(headers)) {
    if (raw === undefined) continue;
    const value = Array.isArray(raw) ? raw.join(", ") : String(raw);
    out.push([name, SECRET_HEADER.test(name) ? maskCredential(value) : maskTokens(value)]);
  }
  return out.sort(([a], [b]) => a.localeCompare(b));
}

/** Keeps the scheme ("Bearer ***") so the reader still sees how the caller authenticated. */
function maskCredential(value: string): string {
  const scheme = /^(Bearer|Basic|PoP|SharedKey)\s+/i.exec(value);
  return scheme === null ? MASK : `${scheme[1]} ${MASK}`;
}

export function maskTokens(text: string): string {
  return text.replace(JWT, (jwt) => `${jwt.slice(0, 6)}…${MASK}`).replace(ENDPOINT_SECRET, `$1${MASK}`);
}

/** A body as text with its secrets masked; `path` tells a Key Vault secret (whose `value` is the secret). */
export function maskBody(body: string, contentType: string | undefined, path: string): string {
  const type = (contentType ?? "").toLowerCase();
  if (type.includes("application/x-www-form-urlencoded")) return maskForm(body);
  const trimmed = body.trimStart();
  if (type.includes("json") || trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return JSON.stringify(maskJson(JSON.parse(body), /\/secrets(\/|$)/i.test(path)), null, 2);
    } catch {
      // Not JSON after all: fall through to the token rule.
    }
  }
  return maskTokens(body);
}

function maskForm(body: string): string {
  const form = new URLSearchParams(body);
  for (const [name] of form) if (SECRET_NAME.test(name)) form.set(name, MASK);
  return maskTokens(form.toString());
}

function maskJson(value: unknown, secretValues: boolean): unknown {
  if (typeof value === "string") return maskTokens(value);
  if (Array.isArray(value)) return value.map((v) => maskJson(v, secretValues));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(value)) {
    const secret = SECRET_NAME.test(name) || (secretValues && name === "value");
    out[name] = secret && (typeof member === "string" || typeof member === "number") ? MASK : maskJson(member, secretValues);
  }
  return out;
}

/** A query string with secret-named parameters masked. */
export function maskQuery(query: string): string {
  if (query === "") return query;
  const params = new URLSearchParams(query);
  let changed = false;
  for (const [name] of params) {
    if (SECRET_NAME.test(name)) {
      params.set(name, MASK);
      changed = true;
    }
  }
  return maskTokens(changed ? params.toString() : query);
}
