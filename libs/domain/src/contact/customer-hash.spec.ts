import { customerHasher } from './customer-hash.js';

describe('customerHasher', () => {
  it('is HMAC-SHA256 in hex', () => {
    // The well-known test vector: key "key", message "The quick brown fox jumps over the lazy dog".
    const sut = customerHasher('key');
    expect(sut('The quick brown fox jumps over the lazy dog')).toBe(
      'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
    );
  });

  it('gives one customer the same hash every time, so repeat contacts link up', () => {
    const sut = customerHasher('s3cret');
    expect(sut('CUST-42')).toBe(sut('CUST-42'));
    expect(sut('CUST-42')).not.toBe(sut('CUST-43'));
  });

  it('ignores surrounding whitespace in the id', () => {
    const sut = customerHasher('s3cret');
    expect(sut('  CUST-42\n')).toBe(sut('CUST-42'));
  });

  it('gives different hashes under different secrets', () => {
    expect(customerHasher('one')('CUST-42')).not.toBe(customerHasher('two')('CUST-42'));
  });

  it('never contains the id itself', () => {
    expect(customerHasher('s3cret')('CUST-42')).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([[''], ['   ']])('refuses an empty secret (%j)', (secret) => {
    expect(() => customerHasher(secret)).toThrow(/secret/);
  });

  it('refuses a blank id rather than linking every anonymous contact', () => {
    expect(() => customerHasher('s3cret')('  ')).toThrow(RangeError);
  });
});
