import { loggedUrl } from './logged-url.js';

describe('loggedUrl', () => {
  it('logs a routed request as its route pattern, never the values in the path', () => {
    const sut = loggedUrl({ originalUrl: '/v1/customers/jane.doe%40example.com/contacts', route: { path: '/v1/customers/:customerId/contacts' } });
    expect(sut).toBe('/v1/customers/:customerId/contacts');
  });

  it('keeps only the names of query parameters', () => {
    const sut = loggedUrl({ originalUrl: '/v1/contacts?customerId=jane%40example.com&format=csv&customerId=x', route: { path: '/v1/contacts' } });
    expect(sut).toBe('/v1/contacts?customerId&format');
    expect(loggedUrl({ originalUrl: '/v1/contacts?jane%40example.com=1', route: { path: '/v1/contacts' } })).toBe('/v1/contacts?[REDACTED]');
  });

  it('redacts every segment after the first when no route matched', () => {
    expect(loggedUrl({ originalUrl: '/v1/customers/jane.doe%40example.com/contactz?q=jane' })).toBe('/v1/[REDACTED]/[REDACTED]/[REDACTED]?q');
    expect(loggedUrl({ originalUrl: '/v1/customers/jane/x', route: { path: '{/*splat}' } })).toBe('/v1/[REDACTED]/[REDACTED]/[REDACTED]');
    expect(loggedUrl({ url: '/' })).toBe('/');
    expect(loggedUrl({ url: '/jane%40example.com' })).toBe('/[REDACTED]');
  });
});
