/** /_azmi/console/roles/{guid}: one role's permissions, where it may be assigned, and who holds it where. */
import type { RoleEntry } from "../role-catalogue.js";
import { Id, Layout, accessHref } from "./layout.js";

export function Role(props: { role: RoleEntry }) {
  const { definition, holders, guid } = props.role;
  const p = definition.properties;
  return (
    <Layout title={`Role: ${p.roleName}`} section="roles">
      <p>
        {p.type === "CustomRole" ? "Custom role" : "Built-in role"} <Id value={guid} />
      </p>
      {p.description === undefined || p.description === "" ? null : <p class="muted">{p.description}</p>}
      <h2>Permissions</h2>
      {(p.permissions ?? []).map((permission) => (
        <table class="permissions">
          <tbody>
            {(
              [
                ["actions", permission.actions],
                ["notActions", permission.notActions],
                ["dataActions", permission.dataActions],
                ["notDataActions", permission.notDataActions],
              ] as const
            ).map(([label, list]) => (
              <tr data-permission={label}>
                <th>{label}</th>
                <td>
                  {list === undefined || list.length === 0 ? (
                    <span class="muted">—</span>
                  ) : (
                    list.map((a) => (
                      <div>
                        <code class="id">{a}</code>
                      </div>
                    ))
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      <h2>Assignable scopes</h2>
      <ul>
        {(p.assignableScopes ?? []).map((s) => (
          <li>
            <Id value={s} />
          </li>
        ))}
      </ul>
      <h2>Held by</h2>
      {holders.length === 0 ? (
        <p class="muted">No role assignment uses this role.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Principal</th>
              <th>Type</th>
              <th>Scope</th>
              <th>Assignment</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {holders.map((h) => (
              <tr data-holder={h.principalId}>
                <td>
                  {h.displayName ?? ""} <Id value={h.principalId} />
                </td>
                <td>{h.principalType ?? ""}</td>
                <td>
                  <Id value={h.scope} />
                </td>
                <td>
                  <Id value={h.assignmentName} />
                </td>
                <td>
                  <a href={accessHref({ principal: h.principalId, scope: h.scope })}>access</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
