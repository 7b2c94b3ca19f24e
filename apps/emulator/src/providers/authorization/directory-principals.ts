/**
 * What RBAC asks the directory: is this principal known, and of which type? Service
 * principals (managed identities, applications' principals), users and groups live in the
 * identity package's directory. An unknown principal is PrincipalNotFound unless the request
 * states its principalType (Azure's own advice for replication lag). With --replication-delay a
 * new service principal is unknown here until it has replicated.
 */
import { kindOf, type Directory } from "@azmi/identity";
import type { PrincipalLookup, PrincipalType } from "@azmi/rbac";

const TYPE_BY_KIND: Readonly<Record<string, PrincipalType>> = {
  serviceprincipal: "ServicePrincipal",
  user: "User",
  group: "Group",
  device: "Device",
};

export function directoryPrincipals(directory: Directory): PrincipalLookup {
  return (principalId) => {
    const object = directory.get(principalId);
    if (object === undefined || !directory.replication.isReplicated(object.id)) return undefined;
    const principalType = TYPE_BY_KIND[kindOf(object).toLowerCase()];
    return principalType === undefined ? undefined : { principalType };
  };
}
