/**
 * Runs once per `vitest run`, before the forked workers start: makes one test CA, writes it
 * to a temp dir and points NODE_EXTRA_CA_CERTS at it, so every worker (and everything in it
 * that speaks TLS: Azure SDK clients, @azure/identity's MSAL, fetch) trusts the emulators
 * that startTestAzmi() starts with that CA.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCaMaterial } from "../../src/listener/certificate-authority.js";

export default async function setup(): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), "azmi-test-ca-"));
  const material = await createCaMaterial("azmi test CA");
  const certFile = join(dir, "ca.pem");
  const keyFile = join(dir, "ca-key.pem");
  writeFileSync(certFile, material.certPem);
  writeFileSync(keyFile, material.keyPem, { mode: 0o600 });
  process.env.AZMI_TEST_CA_CERT_FILE = certFile;
  process.env.AZMI_TEST_CA_KEY_FILE = keyFile;
  process.env.NODE_EXTRA_CA_CERTS = certFile;
  return () => rmSync(dir, { recursive: true, force: true });
}
