import { isLoopbackAddress, isLoopbackHost, mayReceiveEmbeddedKey } from './embedded-key-policy.js';

describe('mayReceiveEmbeddedKey', () => {
  const local = { remoteAddress: '127.0.0.1', headers: { host: '127.0.0.1:3000' } };

  it('hands the key to a browser on this machine that opened the page at a loopback address', () => {
    expect(mayReceiveEmbeddedKey(local)).toEqual({ allowed: true });
    expect(mayReceiveEmbeddedKey({ remoteAddress: '::1', headers: { host: 'localhost:3000' } })).toEqual({ allowed: true });
    expect(mayReceiveEmbeddedKey({ remoteAddress: '::ffff:127.0.0.1', headers: { host: '[::1]:3000' } })).toEqual({ allowed: true });
  });

  it('refuses a peer that is not loopback, whatever the headers say', () => {
    expect(mayReceiveEmbeddedKey({ remoteAddress: '10.0.0.7', headers: { host: '127.0.0.1:3000' } }).allowed).toBe(false);
    expect(mayReceiveEmbeddedKey({ remoteAddress: '::ffff:192.168.1.20', headers: { host: 'localhost' } }).allowed).toBe(false);
    expect(mayReceiveEmbeddedKey({ remoteAddress: undefined, headers: { host: 'localhost' } }).allowed).toBe(false);
  });

  it('refuses a request relayed by a proxy on this machine', () => {
    for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip', 'x-forwarded-host', 'via']) {
      const decision = mayReceiveEmbeddedKey({ ...local, headers: { ...local.headers, [header]: '203.0.113.9' } });
      expect(decision).toEqual({ allowed: false, reason: `the request came through a proxy (${header} header)` });
    }
  });

  it('refuses a page of another domain pointed at 127.0.0.1 (DNS rebinding)', () => {
    expect(mayReceiveEmbeddedKey({ remoteAddress: '127.0.0.1', headers: { host: 'attacker.example:3000' } }).allowed).toBe(false);
    expect(mayReceiveEmbeddedKey({ remoteAddress: '127.0.0.1', headers: { host: 'localhost.attacker.example' } }).allowed).toBe(false);
    expect(mayReceiveEmbeddedKey({ remoteAddress: '127.0.0.1', headers: {} }).allowed).toBe(false);
  });

  it('knows loopback addresses and hosts', () => {
    expect(['127.0.0.1', '127.3.2.1', '::1', '::ffff:127.0.0.1'].every(isLoopbackAddress)).toBe(true);
    expect(['128.0.0.1', '::2', '0.0.0.0', '1127.0.0.1', ''].some(isLoopbackAddress)).toBe(false);
    expect(['localhost', 'LOCALHOST:80', '127.0.0.1:3000', '[::1]:3000', '[::1]'].every(isLoopbackHost)).toBe(true);
    expect(['localhost.example', '[::2]:3000', 'example.com', '10.0.0.1:3000'].some(isLoopbackHost)).toBe(false);
  });
});
