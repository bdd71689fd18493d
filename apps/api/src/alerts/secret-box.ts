import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Seals webhook signing secrets at rest. With a key (ALERTS_SECRET_KEY) a secret is stored as
 * AES-256-GCM ciphertext (`gcm1:<iv>:<tag>:<ciphertext>`, base64url), so a database dump alone
 * cannot sign; without one it is stored as it is (`plain:`), as the embedded single-machine
 * install does. Either way it is never logged and never returned after creation.
 */
export class SecretBox {
  private readonly key?: Buffer;

  constructor(passphrase: string | undefined) {
    this.key = passphrase ? createHash('sha256').update(passphrase).digest() : undefined;
  }

  seal(secret: string): string {
    if (!this.key) return `plain:${secret}`;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return ['gcm1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), sealed.toString('base64url')].join(':');
  }

  open(stored: string): string {
    if (stored.startsWith('plain:')) return stored.slice('plain:'.length);
    const [scheme, iv, tag, sealed] = stored.split(':');
    if (scheme !== 'gcm1' || !iv || !tag || !sealed) throw new Error('a signing secret in an unknown format');
    if (!this.key) throw new Error('a signing secret is sealed but ALERTS_SECRET_KEY is not set');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8');
  }
}
