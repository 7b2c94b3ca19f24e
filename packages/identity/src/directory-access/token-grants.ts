/**
 * The authorization claims Entra puts in an access token, from the directory: `roles`, the
 * values of the app roles the principal was granted on the token's resource (the service
 * principal whose servicePrincipalNames or appId is the audience), and `wids`, the template ids
 * of the directory roles it holds. A resource server (Graph, or any API) authorizes from these.
 */
import type { Directory } from "../directory/directory.js";
import { isServicePrincipal, type ServicePrincipal } from "../directory/service-principals.js";

export type GrantClaims = {
  readonly roles?: readonly string[];
  readonly wids?: readonly string[];
};

/** The service principal a token audience names: by servicePrincipalName (with or without a trailing slash) or by appId. */
export function resourceForAudience(directory: Directory, audience: string): ServicePrincipal | undefined {
  const trimmed = audience.replace(/\/+$/, "");
  for (const name of [audience, trimmed, `${trimmed}/`]) {
    const found = directory.findByServicePrincipalName(name).find(isServicePrincipal);
    if (found !== undefined) return found;
  }
  return directory.servicePrincipals.getByAppId(trimmed);
}

export function grantClaims(directory: Directory, principalId: string, audience: string): GrantClaims {
  const resource = resourceForAudience(directory, audience);
  const roles = resource === undefined ? [] : directory.appRoleAssignments.roleValues(principalId, resource);
  const wids = directory.roleAssignments.heldRoles(principalId);
  return { ...(roles.length > 0 ? { roles } : {}), ...(wids.length > 0 ? { wids } : {}) };
}
