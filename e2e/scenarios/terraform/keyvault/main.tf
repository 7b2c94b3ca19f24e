# An app's access to Key Vault, as a team writes it: an RBAC vault, the pipeline's principal given
# Key Vault Secrets Officer and Crypto Officer on it (Owner holds no data action), a secret and a
# signing key made through the vault's data plane, and the app's identity given Key Vault Secrets
# User on that one secret and Crypto User on that one key. Destroy purges the soft-deleted secret,
# key and vault, as azurerm does by default.
terraform {
  required_providers {
    azurerm = {
      source = "hashicorp/azurerm"
    }
  }
}

provider "azurerm" {
  features {
    key_vault {
      purge_soft_delete_on_destroy       = true
      purge_soft_deleted_secrets_on_destroy = true
      purge_soft_deleted_keys_on_destroy    = true
    }
  }
}

data "azurerm_client_config" "current" {}

resource "azurerm_resource_group" "rg" {
  name     = "azmi-e2e-kv-rg"
  location = "westeurope"
}

resource "azurerm_user_assigned_identity" "app" {
  name                = "azmi-e2e-kv-app"
  location            = azurerm_resource_group.rg.location
  resource_group_name = azurerm_resource_group.rg.name
}

resource "azurerm_key_vault" "kv" {
  name                       = "azmi-e2e-kv"
  location                   = azurerm_resource_group.rg.location
  resource_group_name        = azurerm_resource_group.rg.name
  tenant_id                  = data.azurerm_client_config.current.tenant_id
  sku_name                   = "standard"
  rbac_authorization_enabled = true
  soft_delete_retention_days = 7
}

resource "azurerm_role_assignment" "pipeline_officer" {
  scope                = azurerm_key_vault.kv.id
  role_definition_name = "Key Vault Secrets Officer"
  principal_id         = data.azurerm_client_config.current.object_id
}

resource "azurerm_key_vault_secret" "db" {
  name         = "db-password"
  value        = "s3cret"
  key_vault_id = azurerm_key_vault.kv.id
  depends_on   = [azurerm_role_assignment.pipeline_officer]
}

resource "azurerm_role_assignment" "app_reads_db" {
  scope                = azurerm_key_vault_secret.db.resource_versionless_id
  role_definition_name = "Key Vault Secrets User"
  principal_id         = azurerm_user_assigned_identity.app.principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_role_assignment" "pipeline_crypto_officer" {
  scope                = azurerm_key_vault.kv.id
  role_definition_name = "Key Vault Crypto Officer"
  principal_id         = data.azurerm_client_config.current.object_id
}

resource "azurerm_key_vault_key" "signing" {
  name         = "signing"
  key_vault_id = azurerm_key_vault.kv.id
  key_type     = "RSA"
  key_size     = 2048
  key_opts     = ["sign", "verify"]
  depends_on   = [azurerm_role_assignment.pipeline_crypto_officer]
}

resource "azurerm_role_assignment" "app_signs" {
  scope                = azurerm_key_vault_key.signing.resource_versionless_id
  role_definition_name = "Key Vault Crypto User"
  principal_id         = azurerm_user_assigned_identity.app.principal_id
  principal_type       = "ServicePrincipal"
}

output "key_id" {
  value = azurerm_key_vault_key.signing.id
}

output "secret_id" {
  value = azurerm_key_vault_secret.db.id
}

output "vault_uri" {
  value = azurerm_key_vault.kv.vault_uri
}
