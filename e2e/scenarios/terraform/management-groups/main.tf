# Management groups as a platform team writes them: a group holding one subscription
# (subscription_ids), a child group that another subscription joins through an association,
# and Reader for the pipeline at the parent group, inherited by both subscriptions.
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

variable "second_subscription_id" {
  type = string
}

data "azurerm_subscription" "current" {}

data "azurerm_client_config" "current" {}

resource "azurerm_management_group" "platform" {
  name             = "azmi-e2e-platform"
  display_name     = "Platform"
  subscription_ids = [data.azurerm_subscription.current.subscription_id]
}

resource "azurerm_management_group" "workloads" {
  name                       = "azmi-e2e-workloads"
  display_name               = "Workloads"
  parent_management_group_id = azurerm_management_group.platform.id
}

resource "azurerm_management_group_subscription_association" "workloads" {
  management_group_id = azurerm_management_group.workloads.id
  subscription_id     = "/subscriptions/${var.second_subscription_id}"
}

resource "azurerm_role_assignment" "platform_reader" {
  scope                = azurerm_management_group.platform.id
  role_definition_name = "Reader"
  principal_id         = data.azurerm_client_config.current.object_id
}

output "platform_id" {
  value = azurerm_management_group.platform.id
}

output "workloads_parent" {
  value = azurerm_management_group.workloads.parent_management_group_id
}
