import crypto from 'node:crypto';
import type { Config } from '../config';

export type ExchangeMessageType = 'edoc' | 'status';
export const exchangeMessageTypes = ['edoc', 'status'] as const satisfies readonly ExchangeMessageType[];

export interface PendingMessage {
  /** The axis' id of this package (24 hex on our hub). */
  id: string;
  type: ExchangeMessageType;
  /** Sender organ code. */
  from: string;
  messageId: string;
  size: number;
  sentAt: string;
}

/** One agency's connection to the exchange axis (our hub, or a real axis adapter chosen by configuration). */
export interface ExchangeTransport {
  readonly organId: string;
  /** Idempotent on messageId: re-sending the same id returns the same hub id and delivers nothing twice. */
  send(msg: { type: ExchangeMessageType; messageId: string; to: string[]; package: Buffer }): Promise<{ id: string }>;
  pending(type: ExchangeMessageType, limit?: number): Promise<PendingMessage[]>;
  fetch(id: string): Promise<Buffer>;
  /** Marks this agency's copy delivered; later pending() calls no longer list it. Acking twice is fine. */
  ack(id: string): Promise<void>;
}

/**
 * A failed call to the axis. `retryable` says whether trying again later can help (axis down, timeout, 5xx,
 * 429) or not (the axis refused the package itself: unknown receiver, too large, bad credentials).
 */
export class ExchangeTransportError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ExchangeTransportError';
  }
}

/** `ORGANID=secret,ORGANID=secret` (EXCHANGE_AGENCIES, HUB_AGENCIES) → organId → secret. */
export function parseAgencyCredentials(text: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (text ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const at = part.indexOf('=');
    const organId = part.slice(0, at).trim();
    const secret = part.slice(at + 1);
    if (at <= 0 || !secret) throw new Error(`Invalid agency credential "${part}": expected ORGANID=secret`);
    out.set(organId, secret);
  }
  return out;
}

const retryableStatus = (s: number) => s >= 500 || s === 408 || s === 429;

/** The HTTP client of our exchange hub (`npm run hub`, api/src/exchange-hub/). */
export class HubHttpTransport implements ExchangeTransport {
  private readonly base: string;

  constructor(
    baseUrl: string,
    readonly organId: string,
    private readonly secret: string,
    private readonly timeoutMs = 30_000,
  ) {
    this.base = baseUrl.replace(/\/+$/, '') + '/api/v1';
  }

  private async call(method: string, path: string, init: { body?: Buffer; headers?: Record<string, string> } = {}): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(this.base + path, {
        method,
        headers: { 'X-Organ-Id': this.organId, 'X-Secret': this.secret, ...init.headers },
        body: init.body ? new Uint8Array(init.body) : undefined,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      const why = e.name === 'TimeoutError' ? `timed out after ${this.timeoutMs} ms` : (e.cause?.code ?? e.message);
      throw new ExchangeTransportError(`Exchange hub ${method} ${path}: ${why}`, true);
    }
    if (res.ok) return res;
    let problem: { code?: string; detail?: string } = {};
    try {
      problem = (await res.json()) as typeof problem;
    } catch {
      // not a problem document (a proxy's error page): the status says enough
    }
    throw new ExchangeTransportError(
      `Exchange hub ${method} ${path}: ${res.status} ${problem.detail ?? res.statusText}`,
      retryableStatus(res.status),
      res.status,
      problem.code,
    );
  }

  async send(msg: { type: ExchangeMessageType; messageId: string; to: string[]; package: Buffer }) {
    const res = await this.call('POST', '/messages', {
      body: msg.package,
      headers: {
        'Content-Type': 'application/octet-stream',
        'X-Message-Type': msg.type,
        // Header values are Latin-1: message ids and organ codes may carry Vietnamese letters.
        'X-Message-Id': encodeURIComponent(msg.messageId),
        'X-To': msg.to.map(encodeURIComponent).join(','),
        'X-Content-SHA256': crypto.createHash('sha256').update(msg.package).digest('hex'),
      },
    });
    const { id } = (await res.json()) as { id: string };
    return { id };
  }

  async pending(type: ExchangeMessageType, limit = 50): Promise<PendingMessage[]> {
    const res = await this.call('GET', `/messages?type=${type}&limit=${limit}`);
    return ((await res.json()) as { items: PendingMessage[] }).items;
  }

  async fetch(id: string): Promise<Buffer> {
    const res = await this.call('GET', `/messages/${encodeURIComponent(id)}`);
    const body = Buffer.from(await res.arrayBuffer());
    const expected = res.headers.get('x-content-sha256');
    if (expected && crypto.createHash('sha256').update(body).digest('hex') !== expected) {
      throw new ExchangeTransportError(
        `Exchange hub GET /messages/${id}: the bytes received do not match their SHA-256 (cut short in transit)`,
        true,
      );
    }
    return body;
  }

  async ack(id: string): Promise<void> {
    await this.call('POST', `/messages/${encodeURIComponent(id)}/ack`);
  }
}

/** The transports of the agencies this installation serves on the axis (from configuration); empty when the exchange is off. */
export function exchangeTransports(config: Config): Map<string, ExchangeTransport> {
  const out = new Map<string, ExchangeTransport>();
  if (!config.EXCHANGE_HUB_URL) return out;
  for (const [organId, secret] of parseAgencyCredentials(config.EXCHANGE_AGENCIES)) {
    switch (config.EXCHANGE_TRANSPORT) {
      case 'hub':
        out.set(organId, new HubHttpTransport(config.EXCHANGE_HUB_URL, organId, secret, config.EXCHANGE_TIMEOUT_SECONDS * 1000));
        break;
    }
  }
  return out;
}
