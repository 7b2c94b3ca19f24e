/** /_azmi/console/requests/{n}: one request with its headers and bodies, secrets and tokens masked. */
import type { RequestView } from "../../requests/request-view.js";
import { Id, Layout, accessHref } from "./layout.js";

export interface RequestDetail {
  readonly view: RequestView;
  readonly query: string;
  readonly requestHeaders: ReadonlyArray<readonly [string, string]>;
  readonly requestBody: string | undefined;
  readonly responseHeaders: ReadonlyArray<readonly [string, string]>;
  readonly responseBody: string | undefined;
  /** The answer was longer than what the log keeps. */
  readonly responseTruncated: boolean;
  readonly aborted: boolean;
}

export function Request(props: { detail: RequestDetail }) {
  const { view, requestHeaders, responseHeaders } = props.detail;
  const refusal = view.refusal;
  return (
    <Layout title={`${view.method} ${view.path}`} section="requests">
      <table>
        <tbody>
          <tr>
            <th>Time</th>
            <td>{view.at.toISOString()}</td>
          </tr>
          <tr>
            <th>Client</th>
            <td>{view.client}</td>
          </tr>
          <tr>
            <th>Status</th>
            <td data-status={String(view.status)}>
              {view.status}
              {props.detail.aborted ? " (the client went away before the answer was complete)" : ""}
            </td>
          </tr>
          <tr>
            <th>Duration</th>
            <td>{`${view.durationMs.toFixed(1)} ms`}</td>
          </tr>
          <tr>
            <th>Caller</th>
            <td>
              <Id value={view.caller?.objectId} /> {view.caller?.clientId === undefined ? null : <span class="muted">client {view.caller.clientId}</span>}
            </td>
          </tr>
          <tr>
            <th>Query</th>
            <td>
              <Id value={props.detail.query} />
            </td>
          </tr>
        </tbody>
      </table>
      {refusal === undefined ? null : (
        <section data-refusal={refusal.code}>
          <h2>Refused: {refusal.code}</h2>
          <p>{refusal.message}</p>
          {refusal.decision === undefined ? null : (
            <p>
              <strong>azmi's decision:</strong> <span data-decision>{refusal.decision}</span>
            </p>
          )}
          {refusal.action === undefined || refusal.scope === undefined ? null : (
            <p>
              <a data-explain href={accessHref({ principal: view.caller?.objectId, action: refusal.action, scope: refusal.scope })}>
                Explain on the access page, and see what would allow it
              </a>
            </p>
          )}
        </section>
      )}
      <h2>Request</h2>
      <Headers rows={requestHeaders} />
      <Body text={props.detail.requestBody} />
      <h2>Response</h2>
      <Headers rows={responseHeaders} />
      <Body text={props.detail.responseBody} />
      {props.detail.responseTruncated ? <p class="muted">The answer was longer; the log keeps its first 64 KiB.</p> : null}
      <p>
        <a href="/_azmi/console/requests">Back to the request log</a>
      </p>
    </Layout>
  );
}

function Headers(props: { rows: ReadonlyArray<readonly [string, string]> }) {
  return (
    <table class="headers">
      <tbody>
        {props.rows.map(([name, value]) => (
          <tr data-header={name}>
            <th>{name}</th>
            <td>
              <code class="id">{value}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Body(props: { text: string | undefined }) {
  return props.text === undefined || props.text === "" ? <p class="muted">No body.</p> : <pre class="body">{props.text}</pre>;
}
