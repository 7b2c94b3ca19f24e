/**
 * Who may run a data-plane operation on a vault, decided as Key Vault does: a vault with
 * enableRbacAuthorization asks Azure RBAC for the operation's data action at the item's scope
 * ({vaultId}/secrets/{name}, or the vault for collection operations); any other vault looks for
 * an access policy of the caller (object id and tenant, and application id for a compound
 * identity) that holds the operation's permission. Owner and Contributor grant no data action.
 * The RBAC evaluation itself is the caller's (a function), so this stays free of @azmi/rbac.
 */
import { kvErrors, type KeyVaultDataError } from "./data-errors.js";
import { DATA_OPERATIONS, type DataOperation, type ItemCollection } from "./data-actions.js";
import { usesRbac } from "../vaults.js";
import type { DataVault } from "./item-attributes.js";

export interface DataCaller {
  readonly objectId: string;
  readonly tenantId: string;
  /** appid (v1) or azp (v2). */
  readonly applicationId?: string;
  readonly issuer?: string;
}

/** What RBAC decided for one data action at one scope, with a one-line explanation of a refusal. */
export interface RbacVerdict {
  readonly allowed: boolean;
  readonly explanation: string;
  /** The deny assignment that refused it (its name), when one did: Key Vault prints it in the 403. */
  readonly denyAssignmentId?: string;
}

export type RbacCheck = (principalId: string, dataAction: string, scopeId: string) => RbacVerdict;

export interface DataAccessRequest {
  readonly vault: DataVault;
  readonly operation: DataOperation;
  /** The item named in the request, when the operation is on one item. */
  readonly itemName?: string;
  readonly caller: DataCaller;
  readonly checkRbac: RbacCheck;
}

export type DataAccessDecision =
  | { readonly allowed: true; readonly model: "rbac" | "accessPolicy" }
  | { readonly allowed: false; readonly model: "rbac" | "accessPolicy"; readonly error: KeyVaultDataError; readonly explanation: string };

export function decideDataAccess(request: DataAccessRequest): DataAccessDecision {
  const rule = DATA_OPERATIONS[request.operation];
  const { vault, caller } = request;
  if (usesRbac(vault.vault)) {
    const scope = request.itemName === undefined ? vault.id : `${vault.id}/${rule.collection}/${request.itemName}`;
    const verdict = request.checkRbac(caller.objectId, rule.dataAction, scope);
    if (verdict.allowed) return { allowed: true, model: "rbac" };
    const message =
      "Caller is not authorized to perform action on resource.\r\nIf role assignments, deny assignments or role definitions were changed recently, please observe propagation time.\r\n" +
      `Caller: ${callerLabel(caller)}\r\nAction: '${rule.dataAction}'\r\nResource: '${scope.toLowerCase()}'\r\nAssignment: (not found)\r\nDenyAssignmentId: ${verdict.denyAssignmentId ?? "null"}\r\nDecisionReason: null \r\nVault: ${vaultLabel(vault)}\r\n`;
    return { allowed: false, model: "rbac", error: kvErrors.forbiddenByRbac(message), explanation: `${rule.dataAction} at '${scope}': ${verdict.explanation}` };
  }
  if (holdsPermission(vault, caller, rule.collection, rule.permission)) return { allowed: true, model: "accessPolicy" };
  const message = `The user, group or application '${callerLabel(caller)}' does not have ${rule.collection} ${rule.permission} permission on key vault '${vaultLabel(vault)}'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287`;
  return {
    allowed: false,
    model: "accessPolicy",
    error: kvErrors.accessDenied(message),
    explanation: `no access policy of object ${caller.objectId} in vault '${vault.vault.name}' holds ${rule.collection} permission '${rule.permission}'`,
  };
}

/** How Key Vault's refusals name the caller and the vault (only a refusal needs them). */
function callerLabel(caller: DataCaller): string {
  return `appid=${caller.applicationId ?? caller.objectId};oid=${caller.objectId};iss=${caller.issuer ?? `https://sts.windows.net/${caller.tenantId}/`}`;
}

function vaultLabel(vault: DataVault): string {
  return `${vault.vault.name};location=${vault.vault.location}`;
}

function holdsPermission(vault: DataVault, caller: DataCaller, collection: ItemCollection, permission: string): boolean {
  const wanted = permission.toLowerCase();
  return vault.vault.properties.accessPolicies.some((policy) => {
    if (policy.objectId.toLowerCase() !== caller.objectId.toLowerCase()) return false;
    if (policy.tenantId.toLowerCase() !== caller.tenantId.toLowerCase()) return false;
    if (policy.applicationId !== undefined && policy.applicationId.toLowerCase() !== (caller.applicationId ?? "").toLowerCase()) return false;
    return (policy.permissions[collection] ?? []).some((p) => p.toLowerCase() === wanted || p.toLowerCase() === "all");
  });
}
