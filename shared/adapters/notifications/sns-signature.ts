import { createVerify } from 'node:crypto';

/** One SNS message as Lambda receives it (`Records[].Sns`). */
export interface SnsMessage {
  readonly Type: string;
  readonly MessageId: string;
  readonly TopicArn: string;
  readonly Subject?: string | null;
  readonly Message: string;
  readonly Timestamp: string;
  readonly SignatureVersion: string;
  readonly Signature: string;
  readonly SigningCertUrl: string;
}

/** Where SNS keeps its signing certificates: https on an sns.<region>.amazonaws.com host, a .pem file. */
const CERT_URL = /^https:\/\/sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/[^?#]+\.pem$/;

/** The string SNS signs for a Notification (its documented field order; Subject only when present). */
const canonical = (m: SnsMessage): string => [
  'Message', m.Message, 'MessageId', m.MessageId,
  ...(m.Subject ? ['Subject', m.Subject] : []),
  'Timestamp', m.Timestamp, 'TopicArn', m.TopicArn, 'Type', m.Type, '',
].join('\n');

export interface SnsVerifierOptions {
  /** The one topic whose notifications we accept. */
  readonly topicArn: string;
  /**
   * Local stack only: one more certificate URL to accept, where the twin's SNS serves its key.
   * Unset in AWS, where only SNS's own hosts count.
   */
  readonly localCertUrl?: string;
  /** The PEM certificate at a checked SNS URL (fetched and cached by the caller). */
  certificate(url: string): Promise<string>;
}

/**
 * Checks that an SNS notification is SNS's and from our topic: the topic ARN, a signing certificate
 * URL on an SNS host, and the RSA signature (SignatureVersion 1: SHA1, 2: SHA256) over the
 * canonical string. Anything else, or a certificate that cannot be read, is false.
 */
export function createSnsVerifier(options: SnsVerifierOptions): (message: SnsMessage) => Promise<boolean> {
  return async (m) => {
    const certOk = CERT_URL.test(m.SigningCertUrl ?? '') || (options.localCertUrl !== undefined && m.SigningCertUrl === options.localCertUrl);
    if (m.Type !== 'Notification' || m.TopicArn !== options.topicArn || !certOk) return false;
    const algorithm = m.SignatureVersion === '1' ? 'RSA-SHA1' : m.SignatureVersion === '2' ? 'RSA-SHA256' : undefined;
    if (!algorithm || !m.Signature) return false;
    try {
      const pem = await options.certificate(m.SigningCertUrl);
      return createVerify(algorithm).update(canonical(m), 'utf8').verify(pem, m.Signature, 'base64');
    } catch {
      return false;
    }
  };
}

/** Fetches SNS signing certificates over https, once per URL per container. */
export function createCertificateCache(fetchText: (url: string) => Promise<string> = async (url) => {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`certificate fetch answered ${res.status}`);
  return res.text();
}): (url: string) => Promise<string> {
  const cache = new Map<string, Promise<string>>();
  return (url) => {
    if (!cache.has(url)) cache.set(url, fetchText(url).catch((err) => { cache.delete(url); throw err; }));
    return cache.get(url)!;
  };
}
