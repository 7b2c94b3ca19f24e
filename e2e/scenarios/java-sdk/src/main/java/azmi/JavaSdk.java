// The Azure SDK for Java against azmi, as a user's program would drive it.
//
//   java -Djavax.net.ssl.trustStore=<azmi's CA> -jar azmi-java-sdk.jar arm
//       ClientSecretCredential: group, identity, federated credential, role assignment, listed back
//   java -Djavax.net.ssl.trustStore=<azmi's CA> -jar azmi-java-sdk.jar token
//       ManagedIdentityCredential from the environment azmi gives a resource
//
// Prints one JSON object as its last line on stdout for the calling test to check. The SDK's
// managed-identity token cache is process-wide, so each identity runs in a process of its own.
package azmi;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.Region;
import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.ClientSecretCredential;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.ManagedIdentityCredential;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.json.JsonWriter;
import com.azure.resourcemanager.authorization.AuthorizationManager;
import com.azure.resourcemanager.authorization.models.RoleAssignment;
import com.azure.resourcemanager.msi.MsiManager;
import com.azure.resourcemanager.msi.fluent.FederatedIdentityCredentialsClient;
import com.azure.resourcemanager.msi.fluent.models.FederatedIdentityCredentialInner;
import com.azure.resourcemanager.msi.models.Identity;
import com.azure.resourcemanager.resources.models.ResourceGroup;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class JavaSdk {
    private static final String READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";

    private JavaSdk() {}

    /** AzureCloud with Resource Manager and the authority at azmi's URL. */
    static AzureEnvironment azmiEnvironment(String url) {
        Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
        endpoints.put("resourceManagerEndpointUrl", url + "/");
        endpoints.put("activeDirectoryEndpointUrl", url + "/");
        return new AzureEnvironment(endpoints);
    }

    static Map<String, Object> runArm() {
        String url = System.getenv("AZMI_URL");
        String subscription = System.getenv("AZMI_SUBSCRIPTION_ID");
        String tenant = System.getenv("AZMI_TENANT_ID");
        AzureProfile profile = new AzureProfile(tenant, subscription, azmiEnvironment(url));
        ClientSecretCredential credential = new ClientSecretCredentialBuilder()
            .tenantId(tenant)
            .clientId(System.getenv("AZMI_CLIENT_ID"))
            .clientSecret(System.getenv("AZMI_CLIENT_SECRET"))
            .authorityHost(url)
            .disableInstanceDiscovery()
            .build();
        MsiManager msi = MsiManager.authenticate(credential, profile);
        AuthorizationManager authorization = msi.authorizationManager();

        ResourceGroup group = msi.resourceManager().resourceGroups().define("java-rg").withRegion(Region.EUROPE_WEST).create();
        Identity identity = msi.identities().define("java-id").withRegion(Region.EUROPE_WEST).withExistingResourceGroup("java-rg").create();
        FederatedIdentityCredentialsClient federated = msi.serviceClient().getFederatedIdentityCredentials();
        federated.createOrUpdate("java-rg", "java-id", "github", new FederatedIdentityCredentialInner()
            .withIssuer("https://token.actions.githubusercontent.com")
            .withSubject("repo:o/r:environment:prod")
            .withAudiences(List.of("api://AzureADTokenExchange")));
        RoleAssignment assignment = authorization.roleAssignments()
            .define("5d2a9c3e-7f1b-4a6c-9e8d-1b2c3d4e5f60")
            .forObjectId(identity.principalId())
            .withRoleDefinition("/subscriptions/" + subscription + "/providers/Microsoft.Authorization/roleDefinitions/" + READER)
            .withResourceGroupScope(group)
            .create();

        List<String> names = new ArrayList<>();
        msi.identities().listByResourceGroup("java-rg").forEach(i -> names.add(i.name()));
        List<String> credentials = new ArrayList<>();
        federated.list("java-rg", "java-id").forEach(c -> credentials.add(c.name()));
        List<String> principals = new ArrayList<>();
        authorization.roleAssignments().listByScope(group.id()).forEach(a -> principals.add(a.principalId()));

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("group", group.id());
        out.put("identity", Map.of("id", identity.id(), "principalId", identity.principalId(), "clientId", identity.clientId()));
        out.put("identities", names);
        out.put("credentials", credentials);
        out.put("assignment", Map.of("scope", assignment.scope(), "principalId", assignment.principalId()));
        out.put("assignments", principals);
        return out;
    }

    static Map<String, Object> runToken() throws Exception {
        ManagedIdentityCredential credential = new ManagedIdentityCredentialBuilder().build();
        AccessToken token = credential.getToken(new TokenRequestContext().addScopes("https://management.azure.com/.default")).block();
        byte[] payload = Base64.getUrlDecoder().decode(token.getToken().split("\\.")[1]);
        Map<String, Object> claims;
        try (JsonReader reader = JsonProviders.createReader(new String(payload, StandardCharsets.UTF_8))) {
            claims = reader.readMap(JsonReader::readUntyped);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (String claim : List.of("oid", "tid", "aud", "xms_mirid")) out.put(claim, claims.get(claim));
        out.put("expiresOn", token.getExpiresAt().toEpochSecond());
        return out;
    }

    public static void main(String[] args) throws Exception {
        Map<String, Object> out = switch (args.length == 0 ? "" : args[0]) {
            case "arm" -> runArm();
            case "token" -> runToken();
            default -> throw new IllegalArgumentException("usage: arm | token");
        };
        StringWriter json = new StringWriter();
        try (JsonWriter writer = JsonProviders.createWriter(json)) {
            writer.writeUntyped(out);
        }
        System.out.println(json);
        // Netty's and reactor's non-daemon threads would keep the JVM alive.
        System.exit(0);
    }
}
