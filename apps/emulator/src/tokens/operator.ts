/**
 * Strict mode's operator: an application that holds Owner at the tenant root and the directory
 * role Global Administrator, so that az,
 * Terraform and SDK clients logged in with its credentials can set everything else up (and
 * grant other principals their roles). Its credentials come from --operator-client-id and
 * --operator-client-secret; the defaults below are documented in the README and are what the
 * test harness's credential sends.
 */
import { createHash } from "node:crypto";
import { TENANT_ROOT } from "@azmi/arm-core";
import { clientObjectId, directoryRoleTemplates, SERVICE_PRINCIPAL_TYPE, type OperatorApplication } from "@azmi/identity";
import type { EmulatorConfig } from "../config.js";
import type { Services } from "../services.js";

export const DEFAULT_OPERATOR_CLIENT_ID = "11111111-1111-1111-1111-111111111111";
export const DEFAULT_OPERATOR_CLIENT_SECRET = "azmi";
export const OWNER_ROLE_ID = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";

export function operatorApplication(config: EmulatorConfig): OperatorApplication {
  const clientId = config.operatorClientId ?? DEFAULT_OPERATOR_CLIENT_ID;
  return {
    clientId,
    secret: config.operatorClientSecret ?? DEFAULT_OPERATOR_CLIENT_SECRET,
    // The same object id the login endpoint gives any client the directory does not know.
    objectId: clientObjectId(config.tenantId, clientId),
  };
}

/** A stable assignment name (a GUID derived from the operator), so a restart on the same data finds it there. */
export function operatorAssignmentName(objectId: string): string {
  const hex = createHash("sha256").update(`azmi:operator-owner:${objectId.toLowerCase()}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Strict mode: the operator's service principal in the directory, Global Administrator, and its Owner assignment at "/". Idempotent. */
export function ensureOperator(services: Services): void {
  if (services.config.authMode !== "strict") return;
  const operator = operatorApplication(services.config);
  services.store.transaction(() => {
    if (services.directory.get(operator.objectId) === undefined) {
      services.directory.put({
        "@odata.type": SERVICE_PRINCIPAL_TYPE,
        id: operator.objectId,
        appId: operator.clientId,
        displayName: "azmi operator",
        servicePrincipalType: "Application",
        accountEnabled: true,
        alternativeNames: [],
        servicePrincipalNames: [operator.clientId],
        appOwnerOrganizationId: services.config.tenantId,
        appRoles: [],
        keyCredentials: [],
        passwordCredentials: [],
        tags: [],
      });
    }
    // Global Administrator in the directory, so that Graph lets az and Terraform manage applications and grants.
    const globalAdministrator = directoryRoleTemplates.globalAdministrator.id;
    if (!services.directory.roleAssignments.heldRoles(operator.objectId).includes(globalAdministrator)) {
      services.directory.roleAssignments.create(
        { principalId: operator.objectId, roleDefinitionId: globalAdministrator },
        `azmi-operator-${operatorAssignmentName(operator.objectId)}`,
      );
    }
    const name = operatorAssignmentName(operator.objectId);
    // A point lookup at "/": listing there would read every assignment in the tenant.
    if (services.rbac.assignments.find(TENANT_ROOT, name) === undefined) {
      services.rbac.assignments.createOrUpdate(
        TENANT_ROOT,
        name,
        {
          properties: {
            roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${OWNER_ROLE_ID}`,
            principalId: operator.objectId,
            principalType: "ServicePrincipal",
            description: "azmi strict mode: the operator application (--operator-client-id) is Owner of everything.",
          },
        },
        { objectId: operator.objectId, provisioning: true },
      );
    }
  });
}
