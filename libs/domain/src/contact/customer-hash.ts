import { createHmac } from 'node:crypto';

/**
 * Builds the function that turns a customer id into a stable, keyed pseudonym: hex HMAC-SHA256 of
 * the trimmed id. Repeat contacts by one customer share a hash, so they can be linked; without the
 * secret the hash cannot be reversed or recomputed from a guessed id, so it does not say who it is.
 * Changing the secret breaks the links to every contact hashed before.
 */
export function customerHasher(secret: string): (customerId: string) => string {
  if (secret.trim() === '') throw new Error('the customer hash secret must not be empty');
  return (customerId) => {
    const id = customerId.trim();
    // A blank id would link every contact without a customer to one "customer".
    if (id === '') throw new RangeError('a customer id to hash must not be blank');
    return createHmac('sha256', secret).update(id, 'utf8').digest('hex');
  };
}
