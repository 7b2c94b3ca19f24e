# Strict mode's refusal as a user meets it: a pipeline identity that holds only Reader on the
# subscription plans fine (reads are allowed) and fails on its first write.
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

data "azurerm_subscription" "current" {}

resource "azurerm_resource_group" "rg" {
  name     = "azmi-e2e-reader-rg"
  location = "westeurope"
}
