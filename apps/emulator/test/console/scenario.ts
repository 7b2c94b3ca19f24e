/**
 * The state the console tests look at, made with the Azure SDKs as the operator (strict mode):
 * a group with a user-assigned identity holding Reader on it, a VM with a system-assigned
 * identity that also uses the user-assigned one, a CanNotDelete lock on the group, and a way to
 * make a real refusal (the identity, as itself, writing a tag on the group).
 */
import { AuthorizationManagementClient } from "@azure/arm-authorization";
import { ManagementLockClient } from "@azure/arm-locks";
import { ManagedServiceIdentityClient } from "@azure/arm-msi";
import { ResourceManagementClient } from "@azure/arm-resources";
import type { TestAzmi, TestResponse } from "../support/azmi.js";
import { identityEnvironmentOf } from "../support/token-checks.js";

export const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
export const READER_ASSIGNMENT = "7a2f0c11-2b4e-4d7f-9c1a-3e5b6d7f8a90";

export interface ConsoleScenario {
  readonly group: string;
  readonly groupId: string;
  readonly vmId: string;
  readonly vmPrincipalId: string;
  readonly lockId: string;
  readonly uami: { readonly id: string; readonly principalId: string; readonly clientId: string };
  /** The identity's own ARM token (from the VM's managed-identity endpoint). */
  identityToken(): Promise<string>;
  /** PUT on the group as the identity (Reader): strict mode answers 403 AuthorizationFailed. */
  refusedWrite(userAgent?: string): Promise<TestResponse>;
}

export async function makeConsoleScenario(azmi: TestAzmi, group = "rg-console"): Promise<ConsoleScenario> {
  const o = azmi.sdkOptions({ via: "proxy" });
  const rm = new ResourceManagementClient(o.credential, azmi.subscriptionId, o);
  const msi = new ManagedServiceIdentityClient(o.credential, azmi.subscriptionId, o);
  const auth = new AuthorizationManagementClient(o.credential, azmi.subscriptionId, o);
  const locks = new ManagementLockClient(o.credential, azmi.subscriptionId, o);
  const groupId = (await rm.resourceGroups.createOrUpdate(group, { location: "westeurope" })).id!;
  const created = await msi.userAssignedIdentities.createOrUpdate(group, "app-id", { location: "westeurope" });
  const uami = { id: created.id!, principalId: created.principalId!, clientId: created.clientId! };
  await auth.roleAssignments.create(groupId, READER_ASSIGNMENT, {
    roleDefinitionId: `/subscriptions/${azmi.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${READER}`,
    principalId: uami.principalId,
    principalType: "ServicePrincipal",
  });
  const vmId = `${groupId}/providers/Microsoft.Compute/virtualMachines/vm-console`;
  const vm = await rm.resources.beginCreateOrUpdateByIdAndWait(vmId, "2024-07-01", {
    location: "westeurope",
    identity: { type: "SystemAssigned, UserAssigned", userAssignedIdentities: { [uami.id]: {} } },
  });
  const lock = await locks.managementLocks.createOrUpdateAtResourceGroupLevel(group, "keep", { level: "CanNotDelete" });

  const identityToken = async () => {
    const base = (await identityEnvironmentOf(azmi, vmId)).AZURE_POD_IDENTITY_AUTHORITY_HOST!;
    const answer = await fetch(
      `${base}/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://management.azure.com/&client_id=${uami.clientId}`,
      { headers: { Metadata: "true" } },
    );
    return ((await answer.json()) as { access_token: string }).access_token;
  };
  return {
    group,
    groupId,
    vmId,
    vmPrincipalId: vm.identity!.principalId!,
    lockId: lock.id!,
    uami,
    identityToken,
    async refusedWrite(userAgent = "AZURECLI/2.61.0 (DEB) azsdk-python-core/1.28.0 Python/3.11.2") {
      const token = await identityToken();
      return azmi.request(
        "PUT",
        `${groupId}?api-version=2021-04-01`,
        { location: "westeurope", tags: { a: "b" } },
        { authorization: `Bearer ${token}`, "user-agent": userAgent },
      );
    },
  };
}

/** A console page over HTTP: status and HTML. */
export async function consolePage(azmi: TestAzmi, path: string): Promise<{ status: number; html: string; headers: Headers }> {
  const response = await fetch(azmi.url + path);
  return { status: response.status, html: await response.text(), headers: response.headers };
}
