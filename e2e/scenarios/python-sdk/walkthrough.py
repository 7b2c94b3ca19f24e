"""The Azure SDK for Python against azmi, as a user's code would drive it.

  walkthrough.py arm       ClientSecretCredential: group, identity, federated credential,
                           role assignment, each listed back
  walkthrough.py token     ManagedIdentityCredential from the environment azmi gives a resource

Prints one JSON object on stdout for the calling test to check.
"""
import base64
import json
import os
import sys

from azure.identity import ClientSecretCredential, ManagedIdentityCredential

ARM = "https://management.azure.com/.default"
READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7"


def claims(token):
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def arm():
    from azure.mgmt.authorization import AuthorizationManagementClient
    from azure.mgmt.msi import ManagedServiceIdentityClient
    from azure.mgmt.resource.resources import ResourceManagementClient

    url, sub = os.environ["AZMI_URL"], os.environ["AZMI_SUBSCRIPTION_ID"]
    credential = ClientSecretCredential(
        os.environ["AZMI_TENANT_ID"], os.environ["AZMI_CLIENT_ID"], os.environ["AZMI_CLIENT_SECRET"], authority=url, disable_instance_discovery=True
    )
    options = {"base_url": url, "credential_scopes": [ARM]}
    resources = ResourceManagementClient(credential, sub, **options)
    group = resources.resource_groups.create_or_update("py-rg", {"location": "westeurope"})
    msi = ManagedServiceIdentityClient(credential, sub, **options)
    identity = msi.user_assigned_identities.create_or_update("py-rg", "py-id", {"location": "westeurope"})
    msi.federated_identity_credentials.create_or_update(
        "py-rg",
        "py-id",
        "github",
        {"issuer": "https://token.actions.githubusercontent.com", "subject": "repo:o/r:environment:prod", "audiences": ["api://AzureADTokenExchange"]},
    )
    authorization = AuthorizationManagementClient(credential, sub, **options)
    assignment = authorization.role_assignments.create(
        group.id,
        "7d1f3c52-1b4e-4f0e-9a53-5e0c2b1f9a10",
        {
            "role_definition_id": f"/subscriptions/{sub}/providers/Microsoft.Authorization/roleDefinitions/{READER}",
            "principal_id": identity.principal_id,
            "principal_type": "ServicePrincipal",
        },
    )
    return {
        "group": group.id,
        "identity": {"id": identity.id, "principalId": identity.principal_id, "clientId": identity.client_id},
        "identities": [i.name for i in msi.user_assigned_identities.list_by_resource_group("py-rg")],
        "credentials": [c.name for c in msi.federated_identity_credentials.list("py-rg", "py-id")],
        "assignment": {"scope": assignment.scope, "principalId": assignment.principal_id},
        "assignments": [a.principal_id for a in authorization.role_assignments.list_for_resource_group("py-rg")],
    }


def token():
    got = ManagedIdentityCredential().get_token(ARM)
    c = claims(got.token)
    return {"oid": c.get("oid"), "tid": c.get("tid"), "aud": c.get("aud"), "xms_mirid": c.get("xms_mirid"), "expiresOn": got.expires_on}


if __name__ == "__main__":
    print(json.dumps({"arm": arm, "token": token}[sys.argv[1]]()))
