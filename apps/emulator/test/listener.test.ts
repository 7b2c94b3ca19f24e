import { connect as netConnect, type Socket } from "node:net";
import { connect as tlsConnect, type TLSSocket } from "node:tls";
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "./support/azmi.js";

/** Opens a CONNECT tunnel through azmi's proxy; resolves with the status line and the raw socket. */
function connectTunnel(port: number, authority: string): Promise<{ statusLine: string; head: string; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const socket = netConnect(port, "127.0.0.1", () => socket.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n\r\n`));
    let buffer = "";
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString("latin1");
      const end = buffer.indexOf("\r\n\r\n");
      if (end === -1) return;
      socket.off("data", onData);
      // A refusal may carry a body after the head; wait for the socket to end to read it.
      const statusLine = buffer.slice(0, buffer.indexOf("\r\n"));
      if (statusLine.includes(" 200 ")) resolve({ statusLine, head: buffer, socket });
      else socket.on("data", (c: Buffer) => (buffer += c.toString("latin1"))).on("end", () => resolve({ statusLine, head: buffer, socket }));
    };
    socket.on("data", onData).on("error", reject);
  });
}

function tlsOver(socket: Socket, servername: string, ca: string): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const tls = tlsConnect({ socket, servername, ca }, () => resolve(tls));
    tls.on("error", reject);
  });
}

function rawRequest(socket: TLSSocket | Socket, host: string, path: string): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    socket.on("data", (c: Buffer) => (text += c.toString("utf8")));
    socket.on("end", () => resolve(text));
    socket.write(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
  });
}

describe("listener: one port for HTTP, HTTPS and the forward proxy", () => {
  let azmi: TestAzmi;
  beforeAll(async () => {
    azmi = await startTestAzmi();
  });
  afterAll(() => azmi.stop());

  it("serves plain HTTP and HTTPS on the same port", async () => {
    const plain = await fetch(`http://127.0.0.1:${azmi.port}/_azmi/health`);
    expect(plain.status).toBe(200);
    const secure = await fetch(`https://127.0.0.1:${azmi.port}/_azmi/health`);
    expect(secure.status).toBe(200);
    const body = (await secure.json()) as { version: string; uptimeSeconds: number };
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(typeof body.uptimeSeconds).toBe("number");
  });

  it("presents a localhost certificate on the direct HTTPS port that validates against the CA", async () => {
    const socket = await new Promise<TLSSocket>((resolve, reject) => {
      const s = tlsConnect({ host: "127.0.0.1", port: azmi.port, ca: azmi.caPem, servername: "localhost" }, () => resolve(s));
      s.on("error", reject);
    });
    expect(socket.authorized).toBe(true);
    expect(socket.getPeerCertificate().subjectaltname).toContain("IP Address:127.0.0.1");
    socket.destroy();
  });

  it("selects the certificate by SNI when a direct HTTPS client names an emulated host", async () => {
    const socket = await new Promise<TLSSocket>((resolve, reject) => {
      const s = tlsConnect({ host: "127.0.0.1", port: azmi.port, ca: azmi.caPem, servername: "graph.microsoft.com" }, () => resolve(s));
      s.on("error", reject);
    });
    expect(socket.authorized).toBe(true);
    expect(socket.getPeerCertificate().subjectaltname).toBe("DNS:graph.microsoft.com");
    socket.destroy();
  });

  it("terminates CONNECT management.azure.com:443 with a certificate for that host, issued by the CA", async () => {
    const { statusLine, socket } = await connectTunnel(azmi.port, "management.azure.com:443");
    expect(statusLine).toBe("HTTP/1.1 200 Connection Established");
    const tls = await tlsOver(socket, "management.azure.com", azmi.caPem);
    expect(tls.authorized).toBe(true);
    expect(tls.getPeerCertificate().subjectaltname).toBe("DNS:management.azure.com");
    const response = await rawRequest(tls, "management.azure.com", "/metadata/endpoints?api-version=2022-09-01");
    expect(response).toMatch(/^HTTP\/1\.1 200/);
    expect(response).toContain('"resourceManager":"https://management.azure.com/"');
  });

  it("terminates CONNECT for every emulated login and Graph host and *.localhost", async () => {
    for (const host of ["login.microsoftonline.com", "login.windows.net", "sts.windows.net", "graph.microsoft.com", "myapp.localhost"]) {
      const { statusLine, socket } = await connectTunnel(azmi.port, `${host}:443`);
      expect(statusLine, host).toContain(" 200 ");
      const tls = await tlsOver(socket, host, azmi.caPem);
      expect(tls.authorized, host).toBe(true);
      tls.destroy();
    }
  });

  it("refuses CONNECT to any other host with 403 and a message saying nothing is tunnelled", async () => {
    const { statusLine, head } = await connectTunnel(azmi.port, "example.com:443");
    expect(statusLine).toBe("HTTP/1.1 403 Forbidden");
    expect(head).toContain("azmi does not tunnel to the internet");
  });

  it("serves plain-HTTP absolute-URI proxy requests for emulated hosts and refuses others", async () => {
    const ask = (url: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest({ host: "127.0.0.1", port: azmi.port, path: url, headers: { host: new URL(url).host } }, (res) => {
          let body = "";
          res.on("data", (c: Buffer) => (body += c.toString()));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on("error", reject).end();
      });
    const served = await ask("http://management.azure.com/metadata/endpoints?api-version=2022-09-01");
    expect(served.status).toBe(200);
    expect(JSON.parse(served.body).name).toBeTruthy();
    const refused = await ask("http://example.com/");
    expect(refused.status).toBe(403);
    expect(refused.body).toContain("azmi does not tunnel to the internet");
  });

  it("serves the CA certificate it signs with", async () => {
    const res = await fetch(`${azmi.url}/_azmi/ca.pem`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(azmi.caPem);
  });

  it("wipes state on POST /_azmi/reset and keeps the CA", async () => {
    azmi.services.store.put("probe", "k", { v: 1 });
    const res = await fetch(`${azmi.url}/_azmi/reset`, { method: "POST", headers: { "content-type": "application/json" } });
    expect(res.status).toBe(200);
    expect(azmi.services.store.get("probe", "k")).toBeUndefined();
    expect(await (await fetch(`${azmi.url}/_azmi/ca.pem`)).text()).toBe(azmi.caPem);
  });
});
