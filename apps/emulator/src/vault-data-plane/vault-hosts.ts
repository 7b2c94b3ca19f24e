/**
 * The host names of vault data planes: `{vault}.vault.azure.net` (what clients reach through
 * azmi's proxy) and `{vault}.vault.localhost[:port]` (azmi's own port, directly).
 */
const VAULT_HOST = /^([a-z0-9-]{1,64})\.vault\.(azure\.net|localhost)\.?$/;

/** The vault named by a Host header (port stripped), or undefined when the host is no vault's. */
export function vaultNameOfHost(hostHeader: string | undefined): string | undefined {
  if (hostHeader === undefined) return undefined;
  const host = hostHeader.toLowerCase();
  const colon = host.lastIndexOf(":");
  const name = colon === -1 || host.startsWith("[") ? host : host.slice(0, colon);
  return VAULT_HOST.exec(name)?.[1];
}
