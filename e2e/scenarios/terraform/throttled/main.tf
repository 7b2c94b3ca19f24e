# ARM throttling as a Terraform user meets it: azmi runs with small token buckets
# (--throttle), so this apply's writes and the provider's reads run out of tokens and get
# 429 SubscriptionRequestsThrottled with Retry-After. azurerm waits and retries, as it does
# against Azure, and the apply, the plan after it and the destroy all finish.
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

resource "azurerm_resource_group" "rg" {
  name     = "azmi-e2e-throttled-rg"
  location = "westeurope"
}

resource "azurerm_user_assigned_identity" "app" {
  count               = 4
  name                = "azmi-e2e-throttled-${count.index}"
  resource_group_name = azurerm_resource_group.rg.name
  location            = azurerm_resource_group.rg.location
}

output "identity_ids" {
  value = azurerm_user_assigned_identity.app[*].id
}
