/**
 * /_azmi/console/access?principal=&action=&scope=: can this principal do this here? The form,
 * and for a complete question the decision drawn along the scope chain (root at the top, the
 * target at the bottom) with the assignments at each level and why each did or did not grant
 * it, the locks that would refuse it, and for a refusal the roles that would allow it with the
 * az line that assigns one.
 */
import type { AccessExplanation } from "@azmi/rbac";
import { Id, Layout, identityHref } from "./layout.js";

export interface AccessQuestion {
  readonly principal: string;
  readonly action: string;
  readonly scope: string;
}

export interface AccessAnswer {
  readonly principalName: string | undefined;
  readonly explanation: AccessExplanation;
  readonly locks: ReadonlyArray<{ readonly id: string; readonly level: string }>;
  readonly lockOperation: string;
  /** Deny assignments that refuse it, whatever the roles say (every mode). */
  readonly denyAssignments: ReadonlyArray<{ readonly id: string; readonly denyAssignmentName: string; readonly scope: string }>;
  readonly mode: "permissive" | "strict";
}

export function Access(props: { question: AccessQuestion; answer: AccessAnswer | undefined; problem: string | undefined }) {
  const { question, answer, problem } = props;
  return (
    <Layout title="Access: why can or can't a principal do this here?" section="access">
      <form class="query" method="get" action="/_azmi/console/access">
        <label for="principal">Principal (object id or client id)</label>
        <input id="principal" name="principal" value={question.principal} size={40} />
        <label for="action">Action or data action</label>
        <input
          id="action"
          name="action"
          value={question.action}
          list="known-actions"
          size={70}
          placeholder="Microsoft.Resources/subscriptions/resourceGroups/write"
        />
        <label for="scope">Scope</label>
        <input id="scope" name="scope" value={question.scope} size={90} placeholder="/subscriptions/…/resourceGroups/…" />
        <span />
        <button type="submit">Explain</button>
      </form>
      <datalist id="known-actions" />
      {problem === undefined ? null : (
        <p class="denied" role="alert">
          {problem}
        </p>
      )}
      {answer === undefined ? null : <Explanation answer={answer} />}
    </Layout>
  );
}

function Explanation(props: { answer: AccessAnswer }) {
  const { explanation: e, locks, lockOperation, mode, principalName, denyAssignments } = props.answer;
  const refusedByLock = locks.length > 0;
  const refusedByDeny = denyAssignments.length > 0;
  const allowed = e.allowed && !refusedByLock && !refusedByDeny;
  return (
    <section>
      <p>
        <span class={`verdict ${allowed ? "allowed" : "denied"}`} data-verdict={allowed ? "allowed" : "denied"}>
          {allowed ? "Allowed" : "Denied"}
        </span>{" "}
        <a href={identityHref(e.principalId)}>{principalName ?? e.principalId}</a> {allowed ? "may" : "may not"} <code>{e.operation}</code>
        {e.kind === "dataAction" ? " (data action)" : ""} at <code>{e.scope}</code>
      </p>
      {mode === "permissive" ? (
        <p class="muted">azmi runs in permissive mode: it lets every request through; this is what strict mode (and Azure) would decide.</p>
      ) : null}
      <p>
        {e.allowed
          ? "Role-based access control grants it (the marked assignment decides)."
          : "No role assignment of this principal at this scope or above grants it."}
        {refusedByLock ? ` A lock refuses it anyway (a ${lockOperation} under a lock).` : ""}
        {refusedByDeny ? " A deny assignment refuses it before any role is looked at, in every mode." : ""}
      </p>

      <h2>Scope chain</h2>
      <ol class="chain">
        {e.levels.map((level, i) => (
          <li class={i === e.levels.length - 1 ? "target" : undefined} data-scope={level.scope}>
            <div>
              <span class="muted">{level.kind === "tenant" ? "tenant root" : level.kind}</span> <Id value={level.scope} />
            </div>
            {level.assignments.length === 0 ? (
              <div class="muted">no assignment of this principal here</div>
            ) : (
              <ul>
                {level.assignments.map((a) => (
                  <li class={a.winning ? "winning" : undefined} data-assignment={a.name} data-granted={String(a.granted)}>
                    <span class={a.granted ? "granted" : "refused"}>{a.granted ? "grants" : "does not grant"}</span>: {a.roleName ?? a.roleDefinitionId}{" "}
                    <span class="muted">
                      ({a.name}) — {a.reason}
                      {a.winning ? " — decides" : ""}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>

      <h2>Deny assignments</h2>
      {denyAssignments.length === 0 ? (
        <p class="muted">No deny assignment at this scope or above refuses it to this principal.</p>
      ) : (
        <ul>
          {denyAssignments.map((d) => (
            <li data-deny-assignment={d.id}>
              <strong>{d.denyAssignmentName}</strong> <span class="muted">at</span> <Id value={d.scope} />
            </li>
          ))}
        </ul>
      )}

      <h2>Locks</h2>
      {lockOperation === "none" ? (
        <p class="muted">Locks never refuse a read.</p>
      ) : locks.length === 0 ? (
        <p class="muted">No lock at this scope or above refuses a {lockOperation}.</p>
      ) : (
        <ul>
          {locks.map((l) => (
            <li data-lock={l.id}>
              <strong>{l.level}</strong> <Id value={l.id} />
            </li>
          ))}
        </ul>
      )}

      {e.allowed ? null : (
        <section>
          <h2>What would allow it</h2>
          <p class="muted">
            Built-in roles that grant this {e.kind === "dataAction" ? "data action" : "action"}, narrowest first; assign one at this scope or above:
          </p>
          <ul>
            {e.rolesThatWouldAllow.map((r) => (
              <li data-suggested-role={r.roleName}>{r.roleName}</li>
            ))}
          </ul>
          {e.rolesThatWouldAllow[0] === undefined ? null : (
            <pre
              data-copy
            >{`pnpm azmi az -- role assignment create --assignee-object-id ${e.principalId} --assignee-principal-type ServicePrincipal --role "${e.rolesThatWouldAllow[0].roleName}" --scope "${e.scope}"`}</pre>
          )}
        </section>
      )}
    </section>
  );
}
