/**
 * @peculiar/x509, loaded on first use rather than at start: importing it costs more than the
 * rest of azmi's start-up together, and only making a key or a certificate needs it (a token
 * signing key here, the listener's CA and leaf certificates in the emulator). One loader, so
 * the WebCrypto provider is set once for everyone.
 */
import { webcrypto } from "node:crypto";
import type * as X509 from "@peculiar/x509";

let x509Module: Promise<typeof X509> | undefined;

export function loadX509(): Promise<typeof X509> {
  x509Module ??= import("@peculiar/x509").then((x509) => {
    x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
    return x509;
  });
  return x509Module;
}
