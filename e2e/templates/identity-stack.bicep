// Identities, a federated credential, a role assignment, a lock and a module: what most
// Bicep files that set up workload identity do. Compiled to identity-stack.json.
@minLength(2)
@maxLength(10)
param prefix string = 'app'

@minValue(1)
@maxValue(5)
param count int = 2

@allowed([
  'Reader'
  'Contributor'
])
param role string = 'Reader'

param location string = resourceGroup().location
param githubRepo string = 'contoso/app'

var roleIds = {
  Reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7'
  Contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c'
}
var suffix = uniqueString(resourceGroup().id)

resource identities 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = [for i in range(0, count): {
  name: '${prefix}-id-${i}'
  location: location
  tags: {
    index: string(i)
  }
}]

resource github 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials@2023-01-31' = {
  parent: identities[0]
  name: 'github'
  properties: {
    issuer: 'https://token.actions.githubusercontent.com'
    subject: 'repo:${githubRepo}:ref:refs/heads/main'
    audiences: [
      'api://AzureADTokenExchange'
    ]
  }
}

resource assignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, identities[0].id, roleIds[role])
  properties: {
    principalId: identities[0].properties.principalId
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds[role])
    principalType: 'ServicePrincipal'
  }
}

resource lock 'Microsoft.Authorization/locks@2020-05-01' = {
  scope: identities[0]
  name: 'do-not-delete'
  properties: {
    level: 'CanNotDelete'
    notes: 'Created by identity-stack.bicep'
  }
}

module extra 'modules/identity.bicep' = {
  name: 'extra-identity'
  params: {
    name: '${prefix}-extra-${suffix}'
    location: location
  }
}

output principalIds array = [for i in range(0, count): identities[i].properties.principalId]
output assignmentId string = assignment.id
output extraClientId string = extra.outputs.clientId
output suffix string = suffix
