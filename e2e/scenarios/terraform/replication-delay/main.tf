# Azure's replication delay as a Terraform user meets it: an identity created and given a role in
# the same apply. azmi runs with --replication-delay, so the identity's service principal is not
# in the directory yet when the role assignment is made. Without a principal type ARM answers
# PrincipalNotFound (azurerm retries that until the create timeout, kept short here so the
# failure shows); with skip_service_principal_aad_check azurerm sends principalType
# ServicePrincipal, Azure's documented workaround, and the assignment is made at once.
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

variable "skip_service_principal_aad_check" {
  type    = bool
  default = false
}

# A new name per run, so each run assigns a role to a principal created moments before.
variable "identity_name" {
  type    = string
  default = "azmi-e2e-replicating"
}

data "azurerm_subscription" "current" {}

resource "azurerm_resource_group" "rg" {
  name     = "azmi-e2e-replication-rg"
  location = "westeurope"
}

resource "azurerm_user_assigned_identity" "app" {
  name                = var.identity_name
  resource_group_name = azurerm_resource_group.rg.name
  location            = azurerm_resource_group.rg.location
}

resource "azurerm_role_assignment" "unchecked" {
  count                = var.skip_service_principal_aad_check ? 0 : 1
  scope                = azurerm_resource_group.rg.id
  role_definition_name = "Reader"
  principal_id         = azurerm_user_assigned_identity.app.principal_id

  timeouts {
    create = "20s"
  }
}

resource "azurerm_role_assignment" "skipped" {
  count                            = var.skip_service_principal_aad_check ? 1 : 0
  scope                            = azurerm_resource_group.rg.id
  role_definition_name             = "Reader"
  principal_id                     = azurerm_user_assigned_identity.app.principal_id
  skip_service_principal_aad_check = true
}

output "principal_id" {
  value = azurerm_user_assigned_identity.app.principal_id
}

output "resource_group_id" {
  value = azurerm_resource_group.rg.id
}
