// The Azure SDK for Go against azmi, as a user's program would drive it.
//
//	gosdk arm     ClientSecretCredential: group, identity, federated credential, role assignment, listed back
//	gosdk token   ManagedIdentityCredential from the environment azmi gives a resource
//
// Prints one JSON object on stdout for the calling test to check. Go's managed-identity token
// cache is process-wide, so each identity runs in a process of its own.
package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/authorization/armauthorization/v2"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/msi/armmsi"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/resources/armresources"
)

const reader = "acdd72a7-3385-48ef-bd42-f606fba81ae7"

func must[T any](v T, err error) T {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	return v
}

func azmiCloud(url string) cloud.Configuration {
	return cloud.Configuration{
		ActiveDirectoryAuthorityHost: url + "/",
		Services:                     map[cloud.ServiceName]cloud.ServiceConfiguration{cloud.ResourceManager: {Audience: "https://management.azure.com", Endpoint: url}},
	}
}

func runARM(ctx context.Context) map[string]any {
	url, sub := os.Getenv("AZMI_URL"), os.Getenv("AZMI_SUBSCRIPTION_ID")
	client := azcore.ClientOptions{Cloud: azmiCloud(url)}
	cred := must(azidentity.NewClientSecretCredential(os.Getenv("AZMI_TENANT_ID"), os.Getenv("AZMI_CLIENT_ID"), os.Getenv("AZMI_CLIENT_SECRET"),
		&azidentity.ClientSecretCredentialOptions{ClientOptions: client, DisableInstanceDiscovery: true}))
	options := &arm.ClientOptions{ClientOptions: client}
	groups := must(armresources.NewResourceGroupsClient(sub, cred, options))
	group := must(groups.CreateOrUpdate(ctx, "go-rg", armresources.ResourceGroup{Location: to.Ptr("westeurope")}, nil))
	identities := must(armmsi.NewUserAssignedIdentitiesClient(sub, cred, options))
	identity := must(identities.CreateOrUpdate(ctx, "go-rg", "go-id", armmsi.Identity{Location: to.Ptr("westeurope")}, nil))
	fics := must(armmsi.NewFederatedIdentityCredentialsClient(sub, cred, options))
	must(fics.CreateOrUpdate(ctx, "go-rg", "go-id", "github", armmsi.FederatedIdentityCredential{Properties: &armmsi.FederatedIdentityCredentialProperties{
		Issuer: to.Ptr("https://token.actions.githubusercontent.com"), Subject: to.Ptr("repo:o/r:environment:prod"), Audiences: []*string{to.Ptr("api://AzureADTokenExchange")},
	}}, nil))
	assignments := must(armauthorization.NewRoleAssignmentsClient(sub, cred, options))
	assignment := must(assignments.Create(ctx, *group.ID, "3c8e1f2a-6b7d-4e5f-8a9b-0c1d2e3f4a5b", armauthorization.RoleAssignmentCreateParameters{Properties: &armauthorization.RoleAssignmentProperties{
		RoleDefinitionID: to.Ptr("/subscriptions/" + sub + "/providers/Microsoft.Authorization/roleDefinitions/" + reader),
		PrincipalID:      identity.Properties.PrincipalID, PrincipalType: to.Ptr(armauthorization.PrincipalTypeServicePrincipal),
	}}, nil))
	var names, credentials, principals []string
	for pager := identities.NewListByResourceGroupPager("go-rg", nil); pager.More(); {
		for _, i := range must(pager.NextPage(ctx)).Value {
			names = append(names, *i.Name)
		}
	}
	for pager := fics.NewListPager("go-rg", "go-id", nil); pager.More(); {
		for _, c := range must(pager.NextPage(ctx)).Value {
			credentials = append(credentials, *c.Name)
		}
	}
	for pager := assignments.NewListForResourceGroupPager("go-rg", nil); pager.More(); {
		for _, a := range must(pager.NextPage(ctx)).Value {
			principals = append(principals, *a.Properties.PrincipalID)
		}
	}
	return map[string]any{
		"group":       *group.ID,
		"identity":    map[string]string{"id": *identity.ID, "principalId": *identity.Properties.PrincipalID, "clientId": *identity.Properties.ClientID},
		"identities":  names,
		"credentials": credentials,
		"assignment":  map[string]string{"scope": *assignment.Properties.Scope, "principalId": *assignment.Properties.PrincipalID},
		"assignments": principals,
	}
}

func runToken(ctx context.Context) map[string]any {
	cred := must(azidentity.NewManagedIdentityCredential(nil))
	token := must(cred.GetToken(ctx, policy.TokenRequestOptions{Scopes: []string{"https://management.azure.com/.default"}}))
	payload := must(base64.RawURLEncoding.DecodeString(strings.Split(token.Token, ".")[1]))
	var claims map[string]any
	must(0, json.Unmarshal(payload, &claims))
	return map[string]any{"oid": claims["oid"], "tid": claims["tid"], "aud": claims["aud"], "xms_mirid": claims["xms_mirid"], "expiresOn": token.ExpiresOn.Unix()}
}

func main() {
	ctx := context.Background()
	var out map[string]any
	switch os.Args[1] {
	case "arm":
		out = runARM(ctx)
	case "token":
		out = runToken(ctx)
	}
	fmt.Println(string(must(json.Marshal(out))))
}
