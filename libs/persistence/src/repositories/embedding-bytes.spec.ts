import { bytesOf, vectorOf } from './embedding.repository.js';

describe('stored vector bytes', () => {
  it('are float32 little-endian', () => {
    expect([...bytesOf(Float32Array.of(1, -2))]).toEqual([0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0]);
  });

  it('read back to the same floats, from a view into a larger buffer too', () => {
    const whole = Float32Array.of(9, 0.1, -3.5e-8, 123456.78, 9);
    const view = whole.subarray(1, 4);
    expect(Array.from(vectorOf(bytesOf(view)))).toEqual(Array.from(view));
    const padded = Buffer.concat([Buffer.from([7, 7, 7]), bytesOf(view)]).subarray(3);
    expect(Array.from(vectorOf(padded))).toEqual(Array.from(view));
  });

  it('refuse a length that is not whole floats', () => {
    expect(() => vectorOf(Buffer.alloc(6))).toThrow(RangeError);
  });
});
