/** /_azmi/console: what azmi holds at a glance, how it runs, and the lines that point clients at it. */
import type { Inventory } from "../inventory.js";
import { Id, Layout } from "./layout.js";

export interface RuntimeFacts {
  readonly tenantId: string;
  readonly authMode: "permissive" | "strict";
  readonly store: string;
  readonly dataDir: string | undefined;
  readonly version: string;
  readonly uptimeSeconds: number;
  /** scheme://host:port the browser reached azmi at. */
  readonly origin: string;
  readonly port: number;
}

export function Overview(props: { facts: RuntimeFacts; inventory: Inventory }) {
  const { facts, inventory } = props;
  const userAssigned = inventory.identities.filter((i) => i.kind === "user-assigned").length;
  const counts: Array<[string, number, string | undefined]> = [
    ["subscriptions", inventory.subscriptions.length, undefined],
    ["resource groups", inventory.resourceGroups.length, undefined],
    ["resources", inventory.resources.length, undefined],
    ["managed identities", inventory.identities.length, "/_azmi/console/identities"],
    ["user-assigned", userAssigned, "/_azmi/console/identities"],
    ["system-assigned", inventory.identities.length - userAssigned, "/_azmi/console/identities"],
    ["role assignments", inventory.roleAssignments.length, undefined],
    ["locks", inventory.locks.length, undefined],
  ];
  const portArg = facts.port === 4566 ? "" : ` --port ${facts.port}`;
  return (
    <Layout title="Overview" section="overview">
      <div class="cards">
        {counts.map(([label, n, href]) => (
          <div class="card" data-count={label}>
            <div class="n">{href === undefined ? n : <a href={href}>{n}</a>}</div>
            <div class="muted">{label}</div>
          </div>
        ))}
      </div>
      <h2>This azmi</h2>
      <table>
        <tbody>
          <tr>
            <th>Tenant</th>
            <td>
              <Id value={facts.tenantId} />
            </td>
          </tr>
          <tr>
            <th>Mode</th>
            <td data-mode={facts.authMode}>
              {facts.authMode}
              <span class="muted">
                {facts.authMode === "strict" ? " (tokens verified, RBAC enforced)" : " (every caller may do everything; decisions are explained, not enforced)"}
              </span>
            </td>
          </tr>
          <tr>
            <th>State</th>
            <td>
              {facts.store}
              {facts.dataDir === undefined ? null : (
                <span>
                  {" in "}
                  <code>{facts.dataDir}</code>
                </span>
              )}
            </td>
          </tr>
          <tr>
            <th>Version</th>
            <td>{facts.version}</td>
          </tr>
          <tr>
            <th>Up for</th>
            <td>{duration(facts.uptimeSeconds)}</td>
          </tr>
          <tr>
            <th>Address</th>
            <td>
              <code>{facts.origin}</code> <span class="muted">(HTTP and HTTPS on one port; CA at </span>
              <a href="/_azmi/ca.pem">/_azmi/ca.pem</a>
              <span class="muted">)</span>
            </td>
          </tr>
        </tbody>
      </table>
      <h2>Subscriptions</h2>
      <table>
        <thead>
          <tr>
            <th>Name</th>
            <th>Subscription id</th>
            <th>State</th>
            <th>Resource groups</th>
          </tr>
        </thead>
        <tbody>
          {inventory.subscriptions.map((s) => (
            <tr>
              <td>{s.displayName}</td>
              <td>
                <Id value={s.subscriptionId} />
              </td>
              <td>{s.state}</td>
              <td>{inventory.resourceGroups.filter((g) => g.id.toLowerCase().startsWith(`/subscriptions/${s.subscriptionId.toLowerCase()}/`)).length}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Point clients at azmi</h2>
      <p class="muted">From the azmi checkout: az and Terraform with their own isolated configuration, or the variables for a process running as a resource.</p>
      <pre data-copy>{`pnpm azmi az${portArg} -- group create -n rg -l westeurope`}</pre>
      <pre data-copy>{`pnpm azmi tf${portArg} -- apply`}</pre>
      <pre data-copy>{`eval "$(pnpm --silent azmi env${portArg} --resource <resource id>)"`}</pre>
    </Layout>
  );
}

function duration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${s} s` : `${s} s`;
}
