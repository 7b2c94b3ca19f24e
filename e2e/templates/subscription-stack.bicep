// A subscription-scope deployment: a resource group, an identity module deployed into it, and
// a role assignment at the subscription for that identity. Compiled to subscription-stack.json.
targetScope = 'subscription'

param groupName string
param location string = deployment().location

resource group 'Microsoft.Resources/resourceGroups@2022-09-01' = {
  name: groupName
  location: location
}

module identity 'modules/identity.bicep' = {
  name: 'sub-identity'
  scope: group
  params: {
    name: 'sub-id'
    location: location
  }
}

resource readerAtSubscription 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(subscription().id, groupName, 'reader')
  properties: {
    principalId: identity.outputs.principalId
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'acdd72a7-3385-48ef-bd42-f606fba81ae7')
    principalType: 'ServicePrincipal'
  }
}

output groupId string = group.id
output principalId string = identity.outputs.principalId
