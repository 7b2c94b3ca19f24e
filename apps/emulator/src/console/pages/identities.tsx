/** /_azmi/console/identities: every managed identity, user-assigned and system-assigned. */
import type { ManagedIdentity } from "../inventory.js";
import { Id, Layout, identityHref } from "./layout.js";

export function Identities(props: { identities: readonly ManagedIdentity[] }) {
  return (
    <Layout title="Managed identities" section="identities">
      {props.identities.length === 0 ? (
        <p class="muted">No managed identity yet: create a user-assigned identity or give a resource a system-assigned one.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Kind</th>
              <th>Client id</th>
              <th>Principal id</th>
              <th>Resource</th>
              <th>Attached to</th>
            </tr>
          </thead>
          <tbody>
            {props.identities.map((i) => (
              <tr data-principal-id={i.principalId}>
                <td>
                  <a href={identityHref(i.principalId)}>{i.name}</a>
                </td>
                <td>{i.kind}</td>
                <td>
                  <Id value={i.clientId} />
                </td>
                <td>
                  <Id value={i.principalId} />
                </td>
                <td>
                  <Id value={i.resourceId} />
                </td>
                <td>{i.attachedTo.length}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
