/**
 * azmi's own certificate authority. Its certificate is what users trust (REQUESTS_CA_BUNDLE,
 * NODE_EXTRA_CA_CERTS, SSL_CERT_FILE); it issues a leaf certificate for each host name azmi
 * answers for, on the fly, when a client connects. The CA is made once and kept in the data
 * directory (ca.pem, ca-key.pem), so trust set up once survives restarts.
 *
 * ECDSA P-256 keys: generated in a millisecond, and accepted by OpenSSL (az CLI), Go
 * (Terraform) and Node alike. All leaves share one key pair: a leaf is then one signature.
 * @peculiar/x509 is loaded lazily (loadX509): a start with a CA already in the data dir needs it
 * only when the first TLS client arrives (to issue a leaf).
 */
import { createPrivateKey, webcrypto, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import { join } from "node:path";
import type * as X509 from "@peculiar/x509";
import { loadX509 } from "@azmi/identity";
import type { Store } from "@azmi/arm-core";

const SHARED_CA_COLLECTION = "azmi.ca";

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

const ALGORITHM = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
const SIGNING = { name: "ECDSA", hash: "SHA-256" } as const;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface CaMaterial {
  readonly certPem: string;
  readonly keyPem: string;
}

export interface LeafCertificate {
  readonly certPem: string;
  readonly keyPem: string;
}

export class CertificateAuthority {
  private readonly leaves = new Map<string, Promise<LeafCertificate>>();
  private leafKeys: Promise<{ keys: CryptoKeyPair; keyPem: string }> | undefined;
  private parsedCert: X509.X509Certificate | undefined;
  /** The CA key as WebCrypto holds it, imported when the first leaf is issued. */
  private key: Promise<CryptoKey> | undefined;

  private constructor(readonly material: CaMaterial) {}

  get certPem(): string {
    return this.material.certPem;
  }

  /**
   * Checks the key at once (a corrupt CA stops the start, not the first TLS client) with
   * node:crypto; WebCrypto, whose first use costs a start several milliseconds, takes it later.
   */
  static async fromMaterial(material: CaMaterial): Promise<CertificateAuthority> {
    const key = createPrivateKey(material.keyPem);
    if (key.asymmetricKeyType !== "ec" || key.asymmetricKeyDetails?.namedCurve !== "prime256v1") throw new Error("the CA key is not an ECDSA P-256 key");
    return new CertificateAuthority(material);
  }

  private signingKey(): Promise<CryptoKey> {
    return (this.key ??= webcrypto.subtle.importKey("pkcs8", pemBody(this.material.keyPem), ALGORITHM, true, ["sign"]) as Promise<CryptoKey>);
  }

  /** A fresh CA (nothing written anywhere). */
  static async create(commonName = "azmi local CA"): Promise<CertificateAuthority> {
    return CertificateAuthority.fromMaterial(await createCaMaterial(commonName));
  }

  /** The CA kept in `dataDir` (made there on first use); a fresh in-memory one when dataDir is undefined. */
  static async load(dataDir: string | undefined): Promise<CertificateAuthority> {
    if (dataDir === undefined) return CertificateAuthority.create();
    const certFile = join(dataDir, "ca.pem");
    const keyFile = join(dataDir, "ca-key.pem");
    if (existsSync(certFile) && existsSync(keyFile)) {
      return CertificateAuthority.fromMaterial({ certPem: readFileSync(certFile, "utf8"), keyPem: readFileSync(keyFile, "utf8") });
    }
    const material = await createCaMaterial("azmi local CA");
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    // Private like everything in the data dir (data-dir.ts), the certificate included.
    for (const [file, pem] of [
      [keyFile, material.keyPem],
      [certFile, material.certPem],
    ] as const) {
      writeFileSync(file, pem, { mode: 0o600 });
      chmodSync(file, 0o600);
    }
    return CertificateAuthority.fromMaterial(material);
  }

  /**
   * The CA kept in the store (PostgreSQL): made by the first azmi that starts on the database,
   * read by every other, so that clients trust all replicas with one certificate.
   */
  static async loadShared(store: Store): Promise<CertificateAuthority> {
    const kept = store.get<CaMaterial>(SHARED_CA_COLLECTION, "ca");
    if (kept !== undefined) return CertificateAuthority.fromMaterial(kept);
    const made = await createCaMaterial("azmi local CA");
    // Another replica may have made one meanwhile: the first stored wins.
    if (store.insert(SHARED_CA_COLLECTION, "ca", made)) return CertificateAuthority.fromMaterial(made);
    return CertificateAuthority.fromMaterial(store.get<CaMaterial>(SHARED_CA_COLLECTION, "ca")!);
  }

  /** Stores this CA as the shared one unless the store holds one (after a reset wiped it). */
  keepIn(store: Store): void {
    store.insert(SHARED_CA_COLLECTION, "ca", this.material);
  }

  /** A leaf certificate for these names (DNS names or IP addresses), cached per name set. */
  leafFor(names: readonly string[]): Promise<LeafCertificate> {
    const normalized = [...new Set(names.map((n) => n.toLowerCase()))].sort();
    const cacheKey = normalized.join(",");
    let leaf = this.leaves.get(cacheKey);
    if (leaf === undefined) {
      leaf = this.issue(normalized);
      leaf.catch(() => this.leaves.delete(cacheKey));
      this.leaves.set(cacheKey, leaf);
    }
    return leaf;
  }

  private async issue(names: readonly string[]): Promise<LeafCertificate> {
    const x509 = await loadX509();
    const { keys, keyPem } = await this.sharedLeafKeys();
    const caCert = (this.parsedCert ??= new x509.X509Certificate(this.material.certPem));
    const now = Date.now();
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: serialNumber(),
      subject: `CN=${names[0] ?? "localhost"}`,
      issuer: caCert.subject,
      notBefore: new Date(now - DAY_MS),
      notAfter: new Date(now + 365 * DAY_MS),
      signingAlgorithm: SIGNING,
      publicKey: keys.publicKey,
      signingKey: await this.signingKey(),
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension(names.map((value) => ({ type: isIP(value) === 0 ? ("dns" as const) : ("ip" as const), value }))),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
        await x509.AuthorityKeyIdentifierExtension.create(caCert),
      ],
    });
    return { certPem: withNewline(cert.toString("pem")), keyPem };
  }

  private sharedLeafKeys(): Promise<{ keys: CryptoKeyPair; keyPem: string }> {
    this.leafKeys ??= (async () => {
      const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"])) as CryptoKeyPair;
      const pkcs8 = await webcrypto.subtle.exportKey("pkcs8", keys.privateKey);
      return { keys, keyPem: toPem(pkcs8, "PRIVATE KEY") };
    })();
    return this.leafKeys;
  }
}

export async function createCaMaterial(commonName: string): Promise<CaMaterial> {
  const x509 = await loadX509();
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"])) as CryptoKeyPair;
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: `CN=${commonName}, O=azmi`,
    notBefore: new Date(now - DAY_MS),
    notAfter: new Date(now + 10 * 365 * DAY_MS),
    signingAlgorithm: SIGNING,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey("pkcs8", keys.privateKey);
  return { certPem: withNewline(cert.toString("pem")), keyPem: toPem(pkcs8, "PRIVATE KEY") };
}

function withNewline(pem: string): string {
  return pem.endsWith("\n") ? pem : `${pem}\n`;
}

function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f; // positive
  return bytes.toString("hex");
}

function toPem(der: ArrayBuffer, label: string): string {
  const b64 = Buffer.from(der)
    .toString("base64")
    .replace(/(.{64})/g, "$1\n")
    .replace(/\n$/, "");
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

function pemBody(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""), "base64");
}
