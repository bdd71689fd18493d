import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A request as a webhook receiver saw it. */
export interface WebhookHit {
  at: number;
  deliveryId: string;
  signature: string;
  contentType: string;
  body: string;
}

export interface WebhookReceiver {
  url: string;
  hits: WebhookHit[];
  /** The distinct delivery ids received (what an idempotent receiver would act on). */
  deliveryIds(): string[];
  close(): Promise<void>;
}

/**
 * A local webhook receiver on 127.0.0.1 that records every request. `answer` decides each
 * response: a status, or `'hold'` to keep the request open (a delivery in flight).
 */
export async function aWebhookReceiver(answer: (hit: WebhookHit, index: number) => number | 'hold' = () => 200): Promise<WebhookReceiver> {
  const hits: WebhookHit[] = [];
  const held: ServerResponse[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const hit = { at: Date.now(), deliveryId: String(request.headers['x-frictionlens-delivery-id'] ?? ''), signature: String(request.headers['x-frictionlens-signature'] ?? ''), contentType: String(request.headers['content-type'] ?? ''), body };
      hits.push(hit);
      const decision = answer(hit, hits.length - 1);
      if (decision === 'hold') held.push(response);
      else response.writeHead(decision).end(decision < 300 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/alerts`,
    hits,
    deliveryIds: () => [...new Set(hits.map((h) => h.deliveryId))],
    close: async () => {
      held.forEach((r) => r.destroy());
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A message as the local SMTP server received it. */
export interface MailHit {
  to: string[];
  deliveryId: string;
  raw: string;
}

export interface SmtpReceiver {
  url: string;
  mails: MailHit[];
  deliveryIds(): string[];
  close(): Promise<void>;
}

/** A local SMTP server (smtp-server) on 127.0.0.1; `hold` keeps a message unacknowledged (in flight). */
export async function anSmtpReceiver(hold: (mail: MailHit, index: number) => boolean = () => false): Promise<SmtpReceiver> {
  const mails: MailHit[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (raw += chunk));
      stream.on('end', () => {
        const deliveryId = /^X-FrictionLens-Delivery-Id:\s*(\S+)/im.exec(raw)?.[1] ?? '';
        const mail = { to: session.envelope.rcptTo.map((r) => r.address), deliveryId, raw };
        mails.push(mail);
        if (!hold(mail, mails.length - 1)) callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    deliveryIds: () => [...new Set(mails.map((m) => m.deliveryId))],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Reads until the value is there (not undefined), for at most `ms`; fails the test with `what` otherwise. */
export async function until<T>(read: () => T | undefined | Promise<T | undefined>, ms = 10_000, what = 'the awaited value'): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not arrive within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
