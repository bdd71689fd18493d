import { RateLimitWindows } from '../http/throttle-windows.js';
import { addressBlock, clientAddress, FailedAuthLimit } from './failed-auth-limit.js';

describe('FailedAuthLimit', () => {
  let clock: number;
  const sut = (limit: number) => new FailedAuthLimit(new RateLimitWindows(limit, 60_000, () => clock));

  beforeEach(() => {
    clock = 1_000_000;
  });

  it('locks an address out once it has failed the limit, until its minute is over', () => {
    const limit = sut(3);
    const from = { ip: '10.0.0.1' };
    const verdicts = [];
    for (let i = 0; i < 3; i++) {
      verdicts.push(limit.lockedFor(from));
      limit.recordFailure(from);
    }
    expect(verdicts).toEqual([undefined, undefined, undefined]);
    clock += 15_000;
    expect(limit.lockedFor(from)).toBe(45);
    expect(limit.lockedFor({ ip: '10.0.0.2' })).toBeUndefined();
    clock += 45_000;
    expect(limit.lockedFor(from)).toBeUndefined();
  });

  it('counts an IPv6 client by its /64', () => {
    const limit = sut(1);
    limit.recordFailure({ ip: '2001:db8:1:2::1' });
    expect(limit.lockedFor({ ip: '2001:db8:1:2:ffff:ffff:ffff:ffff' })).toBe(60);
    expect(limit.lockedFor({ ip: '2001:db8:1:3::1' })).toBeUndefined();
  });
});

describe('addressBlock', () => {
  it('is an IPv4 address itself, mapped or not, and the /64 of an IPv6 one', () => {
    expect(addressBlock('192.0.2.7')).toBe('192.0.2.7');
    expect(addressBlock('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(addressBlock('2001:0db8:0001:0002:0003:0004:0005:0006')).toBe('2001:db8:1:2::/64');
    expect(addressBlock('::1')).toBe('0:0:0:0::/64');
    expect(addressBlock('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });

  it('takes Express req.ip (which follows trust proxy), else the socket peer', () => {
    expect(clientAddress({ ip: '10.0.0.1', socket: { remoteAddress: '10.0.0.9' } })).toBe('10.0.0.1');
    expect(clientAddress({ socket: { remoteAddress: '10.0.0.9' } })).toBe('10.0.0.9');
  });
});
