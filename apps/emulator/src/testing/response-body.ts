/** Reading an azmi answer in tests: status, headers, the text, and the text parsed as JSON. */

export interface AzmiResponse {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON body, undefined when empty or not JSON. */
  readonly json: any;
  readonly text: string;
}

export async function readAzmiResponse(response: Response): Promise<AzmiResponse> {
  const text = await response.text();
  let json: unknown;
  try {
    json = text === "" ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}
