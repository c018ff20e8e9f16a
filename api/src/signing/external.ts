import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import type { Queue } from 'bullmq';
import { and, eq, isNull } from 'drizzle-orm';
import forge from 'node-forge';
import type { Actor } from '../auth/context';
import type { Db } from '../db/client';
import { notFound } from '../http/problem';
import { invalidState } from '../outgoing/service';
import type { BlobStore } from '../storage/blob-store';
import { OIDS, parseSignedData, pemToDer, resolveSignerCertificate, signatureValueOf, toPkijsCertificate } from './cms';
import { loadCmsLibraries } from './esm';
import type { SigningDeps } from './deps';
import { prepareLeaderSignature, queueLeaderSignature, requireSignable } from './outgoing';
import { outgoingExternalSignings } from './schema';
import { certificateCommonName, signedAttributesFor } from './signer';
import { validateChain } from './validate';
import { problem } from '../http/problems';

/** A PEM bundle (one or more CERTIFICATE blocks) or base64 DER certificates, the signer's first. */
export function parseCertificateChain(input: string | string[]): Buffer[] {
  const items = (Array.isArray(input) ? input : [input]).flatMap((s) =>
    s.includes('-----BEGIN') ? (s.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? []) : [s],
  );
  const ders = items.map((s) => (s.includes('-----BEGIN') ? pemToDer(s) : Buffer.from(s.replace(/\s+/g, ''), 'base64')));
  if (!ders.length || ders.some((d) => d.length === 0)) throw problem('signing.bad_certificate#send_the_certificate_chain');
  for (const der of ders) {
    try {
      forge.pki.certificateFromAsn1(forge.asn1.fromDer(der.toString('binary')));
    } catch (e) {
      throw problem('signing.bad_certificate#a_certificate_cannot_be', { message: (e as Error).message });
    }
  }
  return ders;
}

/** RSA ≥ 2048, valid now, chaining to the trust store. */
async function checkSignerCertificate(chain: Buffer[], deps: SigningDeps, now: Date) {
  await loadCmsLibraries();
  const leaf = forge.pki.certificateFromAsn1(forge.asn1.fromDer(chain[0].toString('binary')));
  const bits = (leaf.publicKey as forge.pki.rsa.PublicKey).n?.bitLength() ?? 0;
  if (!bits) throw problem('signing.weak_key#only_rsa_signing_certificates');
  if (bits < 2048) throw problem('signing.weak_key#the_signing_key_is', { bits });
  if (leaf.validity.notBefore > now || leaf.validity.notAfter < now) {
    throw problem('signing.certificate_not_valid#the_signing_certificate_is', {
      notBefore: leaf.validity.notBefore.toISOString(),
      notAfter: leaf.validity.notAfter.toISOString(),
    });
  }
  const certs = chain.map(toPkijsCertificate);
  const result = await validateChain(certs[0], certs.slice(1), await deps.trustStore(), now);
  if (!result.trusted) {
    throw problem('signing.untrusted_certificate', { reason: result.message ?? 'no path' });
  }
  return { commonName: certificateCommonName(chain[0]), serial: leaf.serialNumber };
}

/**
 * Ký số with a key the server never holds: the PDF is prepared as for the passphrase path and the CAdES signed
 * attributes for the presented certificate are returned to be signed (RSASSA-PKCS1-v1_5 with SHA-256).
 */
export async function prepareExternalSignature(
  db: Db,
  blobs: BlobStore,
  deps: SigningDeps,
  actor: Actor,
  id: string,
  certificateChain: string | string[],
) {
  const { doc } = await requireSignable(db, actor, id);
  const chain = parseCertificateChain(certificateChain);
  const cert = await checkSignerCertificate(chain, deps, new Date());
  const prepared = await prepareLeaderSignature(db, blobs, doc, actor);
  const { signedAttributes, hashToSign } = await signedAttributesFor(prepared, chain);
  const { sha256: preparedSha256 } = await blobs.put(Readable.from([prepared.pdf]));
  const [row] = await db
    .insert(outgoingExternalSignings)
    .values({
      documentId: id,
      version: doc.currentVersion,
      preparedSha256,
      byteRange: prepared.byteRange,
      fieldName: prepared.fieldName,
      signingTime: prepared.signingTime,
      chain: chain.map((c) => c.toString('base64')),
      certificateSubject: cert.commonName,
      certificateSerial: cert.serial,
      signedAttributes: signedAttributes.toString('base64'),
      signerId: doc.signerId!,
      signedBy: actor.userId,
    })
    .returning();
  return {
    requestId: row.id,
    toBeSigned: signedAttributes.toString('base64'),
    hashToSign: hashToSign.toString('base64'),
    digestAlgorithm: 'SHA-256' as const,
    signatureAlgorithm: 'RSASSA-PKCS1-v1_5' as const,
    certificateSubject: cert.commonName,
  };
}

/** The signature value out of a CMS made by the device over the signed attributes we handed out. */
async function signatureFromCms(cmsB64: string, leafDer: Buffer): Promise<Buffer> {
  await loadCmsLibraries();
  let sd;
  try {
    sd = parseSignedData(Buffer.from(cmsB64, 'base64'));
  } catch (e) {
    throw problem('signing.invalid_cms#not_a_cms_signeddata', { message: (e as Error).message });
  }
  const signer = resolveSignerCertificate(sd);
  if (signer && !Buffer.from(signer.toSchema().toBER(false)).equals(leafDer)) throw problem('signing.signature_mismatch#other_certificate');
  const md = sd.signerInfos[0]?.signedAttrs?.attributes.find((a) => a.type === OIDS.messageDigest)?.values[0] as
    { valueBlock: { valueHexView: Uint8Array } } | undefined;
  if (!md) throw problem('signing.invalid_cms#the_cms_has_no');
  return Buffer.from(signatureValueOf(sd));
}

/**
 * The device's answer: an RSA signature over `toBeSigned` (or a CMS around one). It must verify with the presented
 * certificate over exactly the signed attributes we handed out (so over the prepared PDF's digest); then the
 * request is queued like the passphrase path and the worker timestamps, embeds and validates it.
 */
export async function completeExternalSignature(
  db: Db,
  signingQueue: Queue,
  actor: Actor,
  id: string,
  body: { requestId: string; signature?: string; cms?: string },
) {
  const [ext] = await db
    .select()
    .from(outgoingExternalSignings)
    .where(
      and(
        eq(outgoingExternalSignings.id, body.requestId),
        eq(outgoingExternalSignings.documentId, id),
        eq(outgoingExternalSignings.signedBy, actor.userId),
      ),
    );
  if (!ext) throw notFound('Signing request', 'yêu cầu ký số');
  const { viewer, doc } = await requireSignable(db, actor, id);
  if (ext.completedAt) throw problem('signing.request_used');
  if (ext.version !== doc.currentVersion) throw invalidState(doc, 'outgoing.stale_request');
  const chain = ext.chain.map((c) => Buffer.from(c, 'base64'));
  const toBeSigned = Buffer.from(ext.signedAttributes, 'base64');
  const signature = body.cms ? await signatureFromCms(body.cms, chain[0]) : Buffer.from(body.signature ?? '', 'base64');
  if (!signature.length) throw problem('signing.signature_mismatch#empty');
  const key = new crypto.X509Certificate(chain[0]).publicKey;
  if (!crypto.verify('sha256', toBeSigned, { key, padding: crypto.constants.RSA_PKCS1_PADDING }, signature)) {
    throw problem(body.cms ? 'signing.signature_mismatch#cms_does_not_verify' : 'signing.signature_mismatch#does_not_verify');
  }
  return queueLeaderSignature(
    db,
    signingQueue,
    viewer,
    actor,
    doc,
    {
      preparedSha256: ext.preparedSha256,
      byteRange: ext.byteRange,
      fieldName: ext.fieldName,
      signingTime: ext.signingTime,
      chain: ext.chain,
    },
    signature,
    { external: true, certificateSubject: ext.certificateSubject, certificateSerial: ext.certificateSerial },
    async (tx, requestId) => {
      const done = await tx
        .update(outgoingExternalSignings)
        .set({ completedAt: new Date(), signingRequestId: requestId })
        .where(and(eq(outgoingExternalSignings.id, ext.id), isNull(outgoingExternalSignings.completedAt)))
        .returning({ id: outgoingExternalSignings.id });
      if (!done.length) throw problem('signing.request_used');
    },
  );
}
