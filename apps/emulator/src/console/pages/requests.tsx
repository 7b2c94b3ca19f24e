/**
 * /_azmi/console/requests: the live request log, newest first, with its filters. The table says
 * where to poll for newer rows (data-poll); the console script asks every second and puts the
 * rows the server rendered (RequestRows) on top, so rows are drawn by one component only.
 */
import type { RequestFilter } from "../../requests/request-filter.js";
import type { RequestView } from "../../requests/request-view.js";
import { Id, Layout, accessHref } from "./layout.js";

export function Requests(props: { rows: readonly RequestView[]; filter: RequestFilter; lastSeq: number; kept: number }) {
  const { filter } = props;
  const query = new URLSearchParams();
  for (const name of ["status", "caller", "path"] as const) {
    const value = filter[name];
    if (value !== undefined && value !== "") query.set(name, value);
  }
  return (
    <Layout title="Requests" section="requests">
      <form class="query" method="get" action="/_azmi/console/requests">
        <label for="status">Status (403, 4xx, refused)</label>
        <input id="status" name="status" value={filter.status ?? ""} size={10} />
        <label for="caller">Caller (object or client id)</label>
        <input id="caller" name="caller" value={filter.caller ?? ""} size={40} />
        <label for="path">Path contains</label>
        <input id="path" name="path" value={filter.path ?? ""} size={60} />
        <span />
        <button type="submit">Filter</button>
      </form>
      <p class="muted">The last {props.kept} requests azmi answered, newest first; new ones appear as they finish. Secrets and tokens are masked.</p>
      <table id="requests" data-poll={`/_azmi/console/requests/rows?${query.toString()}`} data-after={String(props.lastSeq)}>
        <thead>
          <tr>
            <th>Time</th>
            <th>Client</th>
            <th>Method</th>
            <th>Path</th>
            <th>Status</th>
            <th>Caller</th>
            <th>Duration</th>
            <th>Decision</th>
          </tr>
        </thead>
        <tbody>
          <RequestRows rows={props.rows} />
        </tbody>
      </table>
      {props.rows.length === 0 ? <p class="muted">No request matches yet.</p> : null}
    </Layout>
  );
}

export function RequestRows(props: { rows: readonly RequestView[] }) {
  return (
    <>
      {props.rows.map((r) => (
        <tr data-seq={String(r.seq)} data-status={String(r.status)} class={r.status >= 400 ? "failed" : undefined}>
          <td>
            <a href={`/_azmi/console/requests/${r.seq}`}>{r.at.toISOString().slice(11, 23)}</a>
          </td>
          <td>{r.client}</td>
          <td>{r.method}</td>
          <td>
            <code class="id">{r.path}</code>
          </td>
          <td class={r.status >= 400 ? "refused" : undefined}>{r.status}</td>
          <td>
            <Id value={r.caller?.objectId} />
          </td>
          <td>{`${r.durationMs.toFixed(1)} ms`}</td>
          <td>
            <Decision view={r} />
          </td>
        </tr>
      ))}
    </>
  );
}

function Decision(props: { view: RequestView }) {
  const refusal = props.view.refusal;
  if (refusal === undefined) return null;
  return (
    <span class="decision" data-refusal={refusal.code}>
      <strong>{refusal.code}</strong>
      {refusal.decision === undefined ? null : <span class="muted"> {refusal.decision}</span>}
      {refusal.action === undefined || refusal.scope === undefined ? null : (
        <>
          {" "}
          <a data-explain href={accessHref({ principal: props.view.caller?.objectId, action: refusal.action, scope: refusal.scope })}>
            why?
          </a>
        </>
      )}
    </span>
  );
}
