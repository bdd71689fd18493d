import { hashSecret, issueApiKey, parseApiKey, scopesAllow, secretMatches } from './api-key.js';

describe('API keys', () => {
  it('issues a key whose token parses back to its id and whose secret matches the stored hash', () => {
    const sut = issueApiKey();
    const parsed = parseApiKey(sut.token);
    expect(parsed?.id).toBe(sut.id);
    expect(secretMatches(parsed!.secret, sut.secretHash)).toBe(true);
  });

  it('never stores the secret itself', () => {
    const sut = issueApiKey();
    expect(sut.token).not.toContain(sut.secretHash);
    expect(sut.secretHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rejects a wrong secret and a malformed token', () => {
    const sut = issueApiKey();
    expect(secretMatches('x'.repeat(43), sut.secretHash)).toBe(false);
    expect(parseApiKey('fl_123_abc')).toBeUndefined();
    expect(parseApiKey(`Bearer ${sut.token}`)).toBeUndefined();
  });

  it('issues different keys every time', () => {
    expect(issueApiKey().token).not.toBe(issueApiKey().token);
  });

  it('lets admin do everything and other scopes only what they name', () => {
    expect(scopesAllow(['admin'], 'metrics:read')).toBe(true);
    expect(scopesAllow(['metrics:read'], 'metrics:read')).toBe(true);
    expect(scopesAllow(['metrics:read'], 'admin')).toBe(false);
    expect(scopesAllow(['ingest:write'], 'metrics:read')).toBe(false);
  });

  it('hashes deterministically', () => {
    expect(hashSecret('abc')).toBe(hashSecret('abc'));
  });
});
