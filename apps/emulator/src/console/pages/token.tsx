/**
 * /_azmi/console/token: paste a JWT, see its claims, whether azmi would accept it (checked
 * against azmi's signing keys, lifetime, tenant, issuer, audience) and which principal it is.
 */
import type { TokenCheck, TokenReading } from "../token-check.js";
import { Id, Layout, identityHref } from "./layout.js";
import { directoryObjectHref } from "./directory.js";

const TIME_CLAIMS = new Set(["iat", "nbf", "exp"]);

export function TokenDecoder(props: { pasted: string; reading: TokenReading | undefined }) {
  return (
    <Layout title="Token decoder" section="token">
      <form method="get" action="/_azmi/console/token">
        <label for="token">A JWT (an access token, with or without "Bearer ")</label>
        <textarea id="token" name="token" rows={6} spellcheck={false}>
          {props.pasted}
        </textarea>
        <p>
          <button type="submit">Decode and check</button> <span class="muted">The token is checked by azmi itself; nothing is stored.</span>
        </p>
      </form>
      {props.reading === undefined ? null : props.reading.ok ? (
        <Reading check={props.reading.check} />
      ) : (
        <p class="denied" role="alert" data-problem>
          {props.reading.problem}
        </p>
      )}
    </Layout>
  );
}

function Reading(props: { check: TokenCheck }) {
  const { check } = props;
  const p = check.principal;
  return (
    <section>
      <p>
        <span class={`verdict ${check.refusal === undefined ? "allowed" : "denied"}`} data-token-verdict={check.refusal === undefined ? "valid" : "invalid"}>
          {check.refusal === undefined ? "Valid: azmi accepts it" : "Invalid: azmi refuses it"}
        </span>
      </p>
      {check.refusal === undefined ? null : <p data-refusal>{check.refusal}</p>}
      <ul>
        <li class={check.keyKnown ? "check-ok" : "check-no"} data-check="key">
          {check.keyKnown ? "Signed with one of azmi's keys" : "Its key id is not one of azmi's keys"} (kid <code>{String(check.header.kid ?? "none")}</code>,
          alg <code>{String(check.header.alg ?? "")}</code>)
        </li>
        <li data-check="services">
          Audience: {check.services.length === 0 ? <span class="check-no">no service azmi serves</span> : check.services.join(", ")}
        </li>
      </ul>
      <h2>Principal</h2>
      {p === undefined ? (
        <p class="muted">The token names no principal (no oid or sub).</p>
      ) : (
        <p data-principal={p.objectId}>
          {p.displayName === undefined ? (
            <span class="muted">Not in the directory: </span>
          ) : (
            <>
              <strong data-principal-name>{p.displayName}</strong> ({p.kind ?? "object"}
              {p.servicePrincipalType === undefined ? "" : `, ${p.servicePrincipalType}`}){" "}
            </>
          )}
          <a href={p.servicePrincipalType === "ManagedIdentity" ? identityHref(p.objectId) : directoryObjectHref(p.objectId)}>{p.objectId}</a>
          {p.resourceId === undefined ? null : (
            <>
              {" "}
              — managed identity of <Id value={p.resourceId} />
            </>
          )}
        </p>
      )}
      <h2>Claims</h2>
      <table>
        <tbody>
          {Object.entries(check.claims).map(([name, value]) => (
            <tr data-claim={name}>
              <th>{name}</th>
              <td>
                <code class="id">{typeof value === "string" ? value : JSON.stringify(value)}</code>
                {TIME_CLAIMS.has(name) && typeof value === "number" ? <span class="muted"> {new Date(value * 1000).toISOString()}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Header</h2>
      <pre class="body">{JSON.stringify(check.header, null, 2)}</pre>
    </section>
  );
}
