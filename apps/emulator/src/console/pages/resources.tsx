/**
 * /_azmi/console/resources: subscriptions (under their management groups) → resource groups → resources, each with its managed
 * identities, the locks on it (own, and inherited from a scope above) and a link to the access
 * page for that scope. Every node carries its id as an anchor, so a node can be linked.
 */
import type { TreeIdentity, TreeLock, TreeSubscription } from "../resource-tree.js";
import { Id, Layout, accessHref, identityHref } from "./layout.js";

export function Resources(props: { tree: readonly TreeSubscription[] }) {
  return (
    <Layout title="Resources" section="resources">
      {props.tree.length === 0 ? <p class="muted">No subscription.</p> : null}
      <ul class="tree">
        {props.tree.map((s) => (
          <li data-scope={s.id} id={anchorOf(s.id)}>
            <Node kind="subscription" name={s.displayName} id={s.id} locks={s.locks} />
            {s.managementGroups.length === 0 ? null : (
              <div class="muted" data-management-groups={s.managementGroups.map((g) => g.id).join(" ")}>
                under management groups: {s.managementGroups.map((g) => g.displayName).join(" › ")}
              </div>
            )}
            <ul>
              {s.groups.length === 0 ? <li class="muted">no resource group</li> : null}
              {s.groups.map((g) => (
                <li data-scope={g.id} id={anchorOf(g.id)}>
                  <Node kind="resource group" name={g.name} id={g.id} locks={g.locks} />
                  <ul>
                    {g.resources.length === 0 ? <li class="muted">no resource</li> : null}
                    {g.resources.map((r) => (
                      <li data-scope={r.id} id={anchorOf(r.id)}>
                        <Node kind={r.type} name={r.name} id={r.id} locks={r.locks} />
                        <Identities identities={r.identities} />
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

/** An HTML id for a scope: its ARM id, lower-cased, with the slashes made dashes. */
export function anchorOf(id: string): string {
  return `r${id.toLowerCase().replace(/[^a-z0-9._-]+/g, "-")}`;
}

function Node(props: { kind: string; name: string; id: string; locks: readonly TreeLock[] }) {
  return (
    <div class="node">
      <span class="kind">{props.kind}</span>
      <strong>{props.name}</strong> <Id value={props.id} />{" "}
      <a class="tag" href={accessHref({ scope: props.id })} data-access={props.id}>
        access
      </a>
      {props.locks.map((l) => (
        <span class="lock" data-lock={l.id} data-inherited={String(l.inherited)} title={l.id}>
          lock: {l.level} “{l.name}”{l.inherited ? ` (inherited from ${l.scope})` : ""}
        </span>
      ))}
    </div>
  );
}

function Identities(props: { identities: readonly TreeIdentity[] }) {
  if (props.identities.length === 0) return null;
  return (
    <ul class="identities">
      {props.identities.map((i) => (
        <li data-identity-kind={i.kind} data-principal-id={i.principalId}>
          <span class="kind">{i.kind} identity</span>
          {i.principalId === undefined ? <Id value={i.identityId} /> : <a href={identityHref(i.principalId)}>{i.identityId ?? i.principalId}</a>}
        </li>
      ))}
    </ul>
  );
}
