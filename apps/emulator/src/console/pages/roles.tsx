/** /_azmi/console/roles?q=&type=: built-in and custom roles, searchable, with how many hold each. */
import type { RoleEntry } from "../role-catalogue.js";
import { Layout } from "./layout.js";

export function roleHref(guid: string): string {
  return `/_azmi/console/roles/${encodeURIComponent(guid)}`;
}

export function Roles(props: { roles: readonly RoleEntry[]; search: string; type: string; total: number }) {
  return (
    <Layout title="Roles" section="roles">
      <form class="query" method="get" action="/_azmi/console/roles">
        <label for="q">Search (name, description, action)</label>
        <input id="q" name="q" value={props.search} size={50} placeholder="Reader, Microsoft.Web/sites/write, Key Vault" />
        <label for="type">Type</label>
        <select id="type" name="type">
          {[
            ["", "all"],
            ["BuiltInRole", "built-in"],
            ["CustomRole", "custom"],
          ].map(([value, label]) => (
            <option value={value} selected={props.type === value}>
              {label}
            </option>
          ))}
        </select>
        <span />
        <button type="submit">Search</button>
      </form>
      <p class="muted" data-role-count={String(props.roles.length)}>
        {props.roles.length} of {props.total} roles.
      </p>
      <table>
        <thead>
          <tr>
            <th>Role</th>
            <th>Type</th>
            <th>Description</th>
            <th>Held by</th>
          </tr>
        </thead>
        <tbody>
          {props.roles.map((r) => (
            <tr data-role={r.definition.properties.roleName} data-role-type={r.definition.properties.type}>
              <td>
                <a href={roleHref(r.guid)}>{r.definition.properties.roleName}</a>
              </td>
              <td>{r.definition.properties.type === "CustomRole" ? "custom" : "built-in"}</td>
              <td class="muted">{r.definition.properties.description}</td>
              <td data-holders={String(r.holders.length)}>{r.holders.length === 0 ? <span class="muted">—</span> : r.holders.length}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}
