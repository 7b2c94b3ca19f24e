/**
 * The e2e managed-identity stack (the same as scenarios/terraform/stack/main.tf) written with
 * cdktf and the prebuilt @cdktf/provider-azurerm bindings. The test transpiles this file and runs
 * it; it synthesizes into $AZMI_CDKTF_OUTDIR, and terraform applies the result against azmi.
 *
 * The prebuilt bindings describe azurerm 4.x ("~> 4.0"); the provider built locally is 5.x, so two
 * overrides keep the synthesized JSON valid for both: the version constraint, and the federated
 * credential's parent identity, which 5.0 renamed from parent_id to user_assigned_identity_id.
 */
import { App, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { DataAzurermSubscription } from "@cdktf/provider-azurerm/lib/data-azurerm-subscription";
import { DataAzurermRoleDefinition } from "@cdktf/provider-azurerm/lib/data-azurerm-role-definition";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { FederatedIdentityCredential } from "@cdktf/provider-azurerm/lib/federated-identity-credential";
import { RoleDefinition } from "@cdktf/provider-azurerm/lib/role-definition";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { ServicePlan } from "@cdktf/provider-azurerm/lib/service-plan";
import { LinuxWebApp } from "@cdktf/provider-azurerm/lib/linux-web-app";
import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";

class ManagedIdentityStack extends TerraformStack {
  constructor(scope: Construct, id: string, prefix: string) {
    super(scope, id);
    const provider = new AzurermProvider(this, "azurerm", { features: [{}] });
    if (process.env.AZMI_AZURERM_MAJOR !== "4") {
      this.addOverride("terraform.required_providers.azurerm.version", ">= 4.0");
    }
    void provider;

    const client = new DataAzurermClientConfig(this, "current", {});
    const subscription = new DataAzurermSubscription(this, "subscription", {});
    const rg = new ResourceGroup(this, "rg", { name: `${prefix}-rg`, location: "westeurope", tags: { purpose: "e2e-cdktf" } });
    const identity = new UserAssignedIdentity(this, "app", { name: `${prefix}-id`, resourceGroupName: rg.name, location: rg.location });

    const fic = new FederatedIdentityCredential(this, "github", {
      name: "github-main",
      resourceGroupName: rg.name,
      parentId: identity.id,
      audience: ["api://AzureADTokenExchange"],
      issuer: "https://token.actions.githubusercontent.com",
      subject: "repo:azmi/azmi:ref:refs/heads/main",
    });
    if (process.env.AZMI_AZURERM_MAJOR !== "4") {
      fic.addOverride("parent_id", undefined);
      fic.addOverride("resource_group_name", undefined);
      fic.addOverride("user_assigned_identity_id", identity.id);
    }

    const custom = new RoleDefinition(this, "reader_plus", {
      name: `${prefix} identity reader`,
      scope: rg.id,
      description: "Reads managed identities",
      permissions: [{ actions: ["Microsoft.ManagedIdentity/userAssignedIdentities/read"], notActions: [] }],
      assignableScopes: [rg.id],
    });
    const contributor = new DataAzurermRoleDefinition(this, "contributor", { name: "Contributor", scope: subscription.id });

    const plan = new ServicePlan(this, "plan", { name: `${prefix}-plan`, resourceGroupName: rg.name, location: rg.location, osType: "Linux", skuName: "B1" });
    const web = new LinuxWebApp(this, "web", {
      name: `${prefix}-web`,
      resourceGroupName: rg.name,
      location: rg.location,
      servicePlanId: plan.id,
      siteConfig: {},
      identity: { type: "SystemAssigned" },
    });
    const webPrincipal = web.identity.principalId;

    new RoleAssignment(this, "id_reader_on_rg", { scope: rg.id, roleDefinitionName: "Reader", principalId: identity.principalId });
    new RoleAssignment(this, "web_custom_on_identity", {
      scope: identity.id,
      roleDefinitionId: custom.roleDefinitionResourceId,
      principalId: webPrincipal,
      principalType: "ServicePrincipal",
    });
    new RoleAssignment(this, "web_contributor_on_rg", { scope: rg.id, roleDefinitionId: contributor.id, principalId: webPrincipal });
    new ManagementLock(this, "plan_lock", { name: "keep-plan", scope: plan.id, lockLevel: "CanNotDelete", notes: "e2e" });

    const outputs: Record<string, string> = {
      tenant_id: client.tenantId,
      client_object_id: client.objectId,
      resource_group_id: rg.id,
      identity_id: identity.id,
      identity_principal_id: identity.principalId,
      web_app_id: web.id,
      web_principal_id: webPrincipal,
      plan_id: plan.id,
      custom_role_definition_id: custom.roleDefinitionResourceId,
      contributor_role_definition_id: contributor.id,
    };
    for (const [name, value] of Object.entries(outputs)) new TerraformOutput(this, name, { value });
  }
}

const app = new App({ outdir: process.env.AZMI_CDKTF_OUTDIR ?? "cdktf.out" });
new ManagedIdentityStack(app, "azmi-e2e", process.env.AZMI_PREFIX ?? "azmi-cdktf");
app.synth();
