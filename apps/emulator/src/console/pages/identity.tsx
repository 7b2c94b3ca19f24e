/**
 * /_azmi/console/identities/{principalId}: one managed identity with its service principal, its
 * federated credentials, the resources it is attached to, its Graph app roles and its role
 * assignments (at a scope, or inherited by everything below it), each linked to the access page.
 */
import type { ManagedIdentity } from "../inventory.js";
import { Id, Layout, accessHref } from "./layout.js";

export interface IdentityDetail {
  readonly identity: ManagedIdentity;
  readonly servicePrincipal:
    | { readonly displayName?: string; readonly appId?: string; readonly servicePrincipalType?: string; readonly alternativeNames?: readonly string[] }
    | undefined;
  readonly federatedCredentials: ReadonlyArray<{
    readonly name: string;
    readonly issuer: string;
    readonly subject: string;
    readonly audiences: readonly string[];
  }>;
  readonly roleAssignments: ReadonlyArray<{ readonly name: string; readonly scope: string; readonly roleName: string; readonly roleDefinitionId: string }>;
  readonly appRoles: ReadonlyArray<{ readonly resourceDisplayName: string; readonly appRole: string }>;
}

export function Identity(props: { detail: IdentityDetail }) {
  const { identity, servicePrincipal, federatedCredentials, roleAssignments, appRoles } = props.detail;
  return (
    <Layout title={`Identity ${identity.name}`} section="identities">
      <table>
        <tbody>
          <tr>
            <th>Kind</th>
            <td>{identity.kind}</td>
          </tr>
          <tr>
            <th>Principal id (object id)</th>
            <td>
              <Id value={identity.principalId} />
            </td>
          </tr>
          <tr>
            <th>Client id (app id)</th>
            <td>
              <Id value={identity.clientId} />
            </td>
          </tr>
          <tr>
            <th>Tenant</th>
            <td>
              <Id value={identity.tenantId} />
            </td>
          </tr>
          <tr>
            <th>{identity.kind === "user-assigned" ? "Identity resource" : "Resource"}</th>
            <td>
              <Id value={identity.resourceId} />
            </td>
          </tr>
          <tr>
            <th>Service principal</th>
            <td>
              {servicePrincipal === undefined ? (
                <span class="refused">not in the directory</span>
              ) : (
                <span>
                  {servicePrincipal.displayName} <span class="muted">({servicePrincipal.servicePrincipalType})</span>
                </span>
              )}
            </td>
          </tr>
        </tbody>
      </table>

      <h2>Attached to</h2>
      {identity.attachedTo.length === 0 ? (
        <p class="muted">No resource uses this identity.</p>
      ) : (
        <ul>
          {identity.attachedTo.map((r) => (
            <li>
              <Id value={r} />
            </li>
          ))}
        </ul>
      )}

      {identity.kind === "user-assigned" ? (
        <section>
          <h2>Federated credentials</h2>
          {federatedCredentials.length === 0 ? (
            <p class="muted">None.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Issuer</th>
                  <th>Subject</th>
                  <th>Audiences</th>
                </tr>
              </thead>
              <tbody>
                {federatedCredentials.map((f) => (
                  <tr>
                    <td>{f.name}</td>
                    <td>
                      <code>{f.issuer}</code>
                    </td>
                    <td>
                      <code>{f.subject}</code>
                    </td>
                    <td>{f.audiences.join(", ")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ) : null}

      <h2>Role assignments</h2>
      <p class="muted">An assignment applies at its scope and is inherited by everything below it.</p>
      {roleAssignments.length === 0 ? (
        <p class="muted">None: this identity may do nothing in Resource Manager (in strict mode).</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Role</th>
              <th>Scope</th>
              <th>Assignment</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {roleAssignments.map((a) => (
              <tr data-role={a.roleName}>
                <td>{a.roleName}</td>
                <td>
                  <Id value={a.scope} />
                </td>
                <td>
                  <Id value={a.name} />
                </td>
                <td>
                  <a href={accessHref({ principal: identity.principalId, scope: a.scope })}>check access here</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>Microsoft Graph app roles</h2>
      {appRoles.length === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <ul>
          {appRoles.map((r) => (
            <li>
              {r.appRole} <span class="muted">on {r.resourceDisplayName}</span>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
