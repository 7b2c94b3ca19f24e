import { isIP } from "node:net";

/**
 * The host names azmi answers for. A CONNECT to one of them is terminated here with a
 * certificate from azmi's CA; any other host is refused, because azmi never tunnels to the
 * internet (a test must not reach real Azure by accident).
 */
export const EMULATED_HOSTS: readonly string[] = [
  "management.azure.com",
  "login.microsoftonline.com",
  "login.windows.net",
  "sts.windows.net",
  "graph.microsoft.com",
];

/** Key Vault data planes: {vault}.vault.azure.net. */
const VAULT_HOST = /^[a-z0-9-]{1,64}\.vault\.azure\.net$/;

/** Host names the direct HTTPS port presents when the client names none of the emulated hosts. */
export const LOOPBACK_NAMES: readonly string[] = ["localhost", "127.0.0.1", "::1"];

export function isEmulatedHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  return EMULATED_HOSTS.includes(host) || VAULT_HOST.test(host) || host === "localhost" || host.endsWith(".localhost") || LOOPBACK_NAMES.includes(host);
}

/**
 * Names that only ever mean this machine: IP literals (a page cannot rebind those), localhost and
 * *.localhost (browsers resolve them to loopback themselves). Every emulated host that is not one
 * of these is an Azure host name.
 */
export function isLocalName(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  return host === "localhost" || host.endsWith(".localhost") || LOOPBACK_NAMES.includes(host) || isIP(host) !== 0;
}

/** Splits "host:port" (or "[::1]:port") as sent in a CONNECT line or a Host header. */
export function splitHostPort(authority: string): { hostname: string; port: number | undefined } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(authority);
  if (bracketed !== null) return { hostname: bracketed[1]!, port: bracketed[2] === undefined ? undefined : Number(bracketed[2]) };
  const colon = authority.lastIndexOf(":");
  if (colon === -1 || authority.indexOf(":") !== colon) return { hostname: authority, port: undefined };
  return { hostname: authority.slice(0, colon), port: Number(authority.slice(colon + 1)) };
}
