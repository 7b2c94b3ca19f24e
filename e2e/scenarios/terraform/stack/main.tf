# The managed-identity stack the e2e scenario applies against azmi: one of everything a user
# writes around a managed identity. Kept lean: the azurerm provider itself waits ~20 s after
# each role assignment and ~2 min around a lock (the same on Azure), so there is one lock, on a
# resource whose dependents terraform removes first.
terraform {
  required_providers {
    azurerm = {
      source = "hashicorp/azurerm"
    }
  }
}

provider "azurerm" {
  features {}
}

variable "prefix" {
  type    = string
  default = "azmi-e2e"
}

data "azurerm_client_config" "current" {}

data "azurerm_subscription" "current" {}

resource "azurerm_resource_group" "rg" {
  name     = "${var.prefix}-rg"
  location = "westeurope"
  tags     = { purpose = "e2e" }
}

resource "azurerm_user_assigned_identity" "app" {
  name                = "${var.prefix}-id"
  resource_group_name = azurerm_resource_group.rg.name
  location            = azurerm_resource_group.rg.location
}

resource "azurerm_federated_identity_credential" "github" {
  name                      = "github-main"
  user_assigned_identity_id = azurerm_user_assigned_identity.app.id
  audience                  = ["api://AzureADTokenExchange"]
  issuer                    = "https://token.actions.githubusercontent.com"
  subject                   = "repo:azmi/azmi:ref:refs/heads/main"
}

resource "azurerm_role_definition" "reader_plus" {
  name        = "${var.prefix} identity reader"
  scope       = azurerm_resource_group.rg.id
  description = "Reads managed identities"
  permissions {
    actions     = ["Microsoft.ManagedIdentity/userAssignedIdentities/read", "Microsoft.Resources/subscriptions/resourceGroups/read"]
    not_actions = []
  }
  assignable_scopes = [azurerm_resource_group.rg.id]
}

data "azurerm_role_definition" "contributor" {
  name  = "Contributor"
  scope = data.azurerm_subscription.current.id
}

resource "azurerm_service_plan" "plan" {
  name                = "${var.prefix}-plan"
  resource_group_name = azurerm_resource_group.rg.name
  location            = azurerm_resource_group.rg.location
  os_type             = "Linux"
  sku_name            = "B1"
}

resource "azurerm_linux_web_app" "web" {
  name                = "${var.prefix}-web"
  resource_group_name = azurerm_resource_group.rg.name
  location            = azurerm_resource_group.rg.location
  service_plan_id     = azurerm_service_plan.plan.id
  site_config {}
  identity {
    type = "SystemAssigned"
  }
}

# By role name, at the resource group.
resource "azurerm_role_assignment" "id_reader_on_rg" {
  scope                = azurerm_resource_group.rg.id
  role_definition_name = "Reader"
  principal_id         = azurerm_user_assigned_identity.app.principal_id
}

# By id (a custom role), at a resource.
resource "azurerm_role_assignment" "web_custom_on_identity" {
  scope              = azurerm_user_assigned_identity.app.id
  role_definition_id = azurerm_role_definition.reader_plus.role_definition_resource_id
  principal_id       = azurerm_linux_web_app.web.identity[0].principal_id
  principal_type     = "ServicePrincipal"
}

# By id (a built-in role, from the data source), at the resource group.
resource "azurerm_role_assignment" "web_contributor_on_rg" {
  scope              = azurerm_resource_group.rg.id
  role_definition_id = data.azurerm_role_definition.contributor.id
  principal_id       = azurerm_linux_web_app.web.identity[0].principal_id
}

resource "azurerm_management_lock" "plan" {
  name       = "keep-plan"
  scope      = azurerm_service_plan.plan.id
  lock_level = "CanNotDelete"
  notes      = "e2e"
}

output "client_object_id" {
  value = data.azurerm_client_config.current.object_id
}
output "tenant_id" {
  value = data.azurerm_client_config.current.tenant_id
}
output "subscription_display_name" {
  value = data.azurerm_subscription.current.display_name
}
output "resource_group_id" {
  value = azurerm_resource_group.rg.id
}
output "identity_id" {
  value = azurerm_user_assigned_identity.app.id
}
output "identity_principal_id" {
  value = azurerm_user_assigned_identity.app.principal_id
}
output "web_app_id" {
  value = azurerm_linux_web_app.web.id
}
output "web_principal_id" {
  value = azurerm_linux_web_app.web.identity[0].principal_id
}
output "plan_id" {
  value = azurerm_service_plan.plan.id
}
output "custom_role_definition_id" {
  value = azurerm_role_definition.reader_plus.role_definition_resource_id
}
output "contributor_role_definition_id" {
  value = data.azurerm_role_definition.contributor.id
}
