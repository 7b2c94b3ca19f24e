/**
 * The environment a process needs to act as one resource's managed identity: the App Service
 * variables (IDENTITY_ENDPOINT / IDENTITY_HEADER, and the 2017 MSI_ENDPOINT / MSI_SECRET
 * aliases) and the IMDS base URL SDKs read from AZURE_POD_IDENTITY_AUTHORITY_HOST. The secret
 * in each is what tells azmi which resource asks (see @azmi/identity endpoint-secrets.ts).
 * Plain http on purpose: every SDK talks http to managed-identity endpoints.
 */
export const APP_SERVICE_TOKEN_PATH = "/_azmi/msi/token";
export const IMDS_BASE_PATH = "/_azmi/imds";
export const IMDS_TOKEN_PATH = "/metadata/identity/oauth2/token";

export interface IdentityEnvironment {
  readonly IDENTITY_ENDPOINT: string;
  readonly IDENTITY_HEADER: string;
  readonly AZURE_POD_IDENTITY_AUTHORITY_HOST: string;
  readonly MSI_ENDPOINT: string;
  readonly MSI_SECRET: string;
}

/** `authority` is host[:port] as the client reaches azmi, e.g. 127.0.0.1:4566. */
export function identityEnvironment(authority: string, secret: string): IdentityEnvironment {
  const base = `http://${authority}`;
  return {
    IDENTITY_ENDPOINT: `${base}${APP_SERVICE_TOKEN_PATH}`,
    IDENTITY_HEADER: secret,
    AZURE_POD_IDENTITY_AUTHORITY_HOST: `${base}${IMDS_BASE_PATH}/${secret}`,
    MSI_ENDPOINT: `${base}${APP_SERVICE_TOKEN_PATH}`,
    MSI_SECRET: secret,
  };
}

export type EnvironmentFormat = "export" | "json" | "dotenv";

/** Single-quoted for a POSIX shell: the values hold `&`, `?` and `=`. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function formatEnvironment(env: Readonly<Record<string, string>>, format: EnvironmentFormat): string {
  switch (format) {
    case "json":
      return `${JSON.stringify(env, null, 2)}\n`;
    case "dotenv":
      return Object.entries(env)
        .map(([name, value]) => `${name}=${JSON.stringify(value)}\n`)
        .join("");
    case "export":
      return Object.entries(env)
        .map(([name, value]) => `export ${name}=${shellQuote(value)}\n`)
        .join("");
  }
}
