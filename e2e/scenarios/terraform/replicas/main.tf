# Planned through replica B of two azmi processes on one PostgreSQL database, right after az
# made the group and the identity through replica A: the data sources must find them, and the
# plan must show what A's writes hold.
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

data "azurerm_resource_group" "shared" {
  name = "replicas-e2e"
}

data "azurerm_user_assigned_identity" "made_by_az" {
  name                = "made-by-az"
  resource_group_name = data.azurerm_resource_group.shared.name
}

data "azurerm_role_definition" "reader" {
  name = "Reader"
}

resource "azurerm_role_assignment" "reader" {
  scope              = data.azurerm_resource_group.shared.id
  role_definition_id = data.azurerm_role_definition.reader.id
  principal_id       = data.azurerm_user_assigned_identity.made_by_az.principal_id
}

output "principal_id" {
  value = data.azurerm_user_assigned_identity.made_by_az.principal_id
}

output "client_id" {
  value = data.azurerm_user_assigned_identity.made_by_az.client_id
}
