import { SecretBox } from './secret-box.js';

describe('SecretBox', () => {
  it('seals with the key so the stored text does not hold the secret, and opens it again', () => {
    const sut = new SecretBox('a-key-of-sixteen-or-more');
    const stored = sut.seal('whsec_abc');
    expect(stored).toMatch(/^gcm1:/);
    expect(stored).not.toContain('whsec_abc');
    expect(sut.open(stored)).toBe('whsec_abc');
  });

  it('cannot open a secret sealed under another key', () => {
    const stored = new SecretBox('a-key-of-sixteen-or-more').seal('whsec_abc');
    expect(() => new SecretBox('another-key-of-sixteen').open(stored)).toThrow();
  });

  it('stores the secret as it is without a key, and still opens it once a key is set', () => {
    const stored = new SecretBox(undefined).seal('whsec_abc');
    expect(stored).toBe('plain:whsec_abc');
    expect(new SecretBox('a-key-of-sixteen-or-more').open(stored)).toBe('whsec_abc');
  });
});
