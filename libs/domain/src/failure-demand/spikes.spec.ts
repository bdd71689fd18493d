import { denseSeries, findSpikes, type CountSeries } from './spikes.js';

const weeks = ['2024-01-01', '2024-01-08', '2024-01-15', '2024-01-22', '2024-01-29', '2024-02-05', '2024-02-12', '2024-02-19', '2024-02-26', '2024-03-04'];

function series(key: string, counts: number[]): CountSeries {
  return { key, periods: counts.map((count, i) => ({ start: weeks[i]!, count })) };
}

// Expected p-values computed with SciPy's poisson.sf(count − 1, mean), R's ppois(count − 1, mean, lower = FALSE).
describe('findSpikes', () => {
  it('flags 10 "where is my card" contacts after eight weeks of 2 (p = 4.6e-5, 5.7 sd)', () => {
    const sut = findSpikes([series('where-is-my-card', [2, 2, 2, 2, 2, 2, 2, 2, 10])]);
    expect(sut).toHaveLength(1);
    expect(sut[0]).toMatchObject({ key: 'where-is-my-card', start: '2024-02-26', count: 10, baseline: 2 });
    expect(sut[0]!.zScore).toBeCloseTo(8 / Math.sqrt(2), 14);
    expect(sut[0]!.pValue / 4.649807501726386e-5).toBeCloseTo(1, 9);
  });

  it('does not flag 8 after a baseline of 2 (p = 0.0011, just above alpha)', () => {
    expect(findSpikes([series('a', [2, 2, 2, 2, 2, 2, 2, 2, 8])])).toEqual([]);
  });

  it('tests a quiet history against the minimum baseline: 4 after zeros is not a spike (p = 0.019)', () => {
    expect(findSpikes([series('a', [0, 0, 0, 0, 0, 0, 0, 0, 4])])).toEqual([]);
  });

  it('flags 6 after zeros against the minimum baseline of 1 (p = 0.00059)', () => {
    const sut = findSpikes([series('a', [0, 0, 0, 0, 0, 0, 0, 0, 6])]);
    expect(sut[0]).toMatchObject({ baseline: 0, zScore: 6 });
    expect(sut[0]!.pValue).toBeCloseTo(0.000594184817581693, 14);
  });

  it('judges a fractional count by its whole part: 10.7 has the p-value of 10', () => {
    const sut = findSpikes([series('a', [2, 2, 2, 2, 2, 2, 2, 2, 10.7])]);
    expect(sut[0]!.pValue / 4.649807501726386e-5).toBeCloseTo(1, 9);
    expect(sut[0]!.zScore).toBeCloseTo(8.7 / Math.sqrt(2), 14);
  });

  it('never flags a fall', () => {
    expect(findSpikes([series('a', [50, 50, 50, 50, 50, 50, 50, 50, 0])], { alpha: 1 })).toEqual([]);
  });

  it('needs a full baseline before it tests a period', () => {
    expect(findSpikes([series('a', [0, 0, 0, 0, 0, 0, 0, 40])])).toEqual([]);
  });

  it('uses a shorter baseline when asked', () => {
    const sut = findSpikes([series('a', [5, 5, 5, 20])], { baselinePeriods: 3 });
    expect(sut).toHaveLength(1);
    expect(sut[0]!.pValue / 3.452135820914455e-7).toBeCloseTo(1, 9);
  });

  it('keeps a spike in later baselines, so a lasting rise becomes the new normal', () => {
    const sut = findSpikes([series('a', [2, 2, 2, 2, 20, 20, 20, 20, 20, 20])], { baselinePeriods: 4 });
    expect(sut.map((spike) => spike.start)).toEqual(['2024-01-29', '2024-02-05']);
  });

  it('lists the spikes of all series, most surprising first', () => {
    const sut = findSpikes([
      series('refund-chasing', [2, 2, 2, 2, 2, 2, 2, 2, 10]),
      series('pin-not-arrived', [5, 5, 5, 5, 5, 5, 5, 5, 20]),
    ]);
    expect(sut.map((spike) => spike.key)).toEqual(['pin-not-arrived', 'refund-chasing']);
  });

  it('orders equally surprising spikes by key', () => {
    const sut = findSpikes([series('b', [2, 2, 2, 2, 2, 2, 2, 2, 10]), series('a', [2, 2, 2, 2, 2, 2, 2, 2, 10])]);
    expect(sut.map((spike) => spike.key)).toEqual(['a', 'b']);
  });

  it.each([
    [{ baselinePeriods: 0 }],
    [{ baselinePeriods: 2.5 }],
    [{ minBaseline: 0 }],
    [{ alpha: 0 }],
    [{ alpha: NaN }],
  ])('rejects the options %j', (options) => {
    expect(() => findSpikes([], options)).toThrow(RangeError);
  });

  it('rejects a negative count', () => {
    expect(() => findSpikes([series('a', [1, -1])])).toThrow(RangeError);
  });
});

describe('denseSeries', () => {
  const starts = ['2024-01-01', '2024-01-08', '2024-01-15'];

  it('fills the weeks without contacts with 0', () => {
    const sut = denseSeries([{ key: 'a', start: '2024-01-08', count: 3 }], starts);
    expect(sut).toEqual([{ key: 'a', periods: [
      { start: '2024-01-01', count: 0 }, { start: '2024-01-08', count: 3 }, { start: '2024-01-15', count: 0 },
    ] }]);
  });

  it('sums rows for the same key and week, such as the parts of split contacts', () => {
    const sut = denseSeries([{ key: 'a', start: '2024-01-01', count: 0.6 }, { key: 'a', start: '2024-01-01', count: 0.4 }], starts);
    expect(sut[0]!.periods[0]!.count).toBe(1);
  });

  it('keeps one series per key, in order of first appearance', () => {
    const sut = denseSeries([
      { key: 'b', start: '2024-01-15', count: 1 },
      { key: 'a', start: '2024-01-01', count: 1 },
      { key: 'b', start: '2024-01-01', count: 2 },
    ], starts);
    expect(sut.map((s) => [s.key, s.periods.map((p) => p.count)])).toEqual([['b', [2, 0, 1]], ['a', [1, 0, 0]]]);
  });

  it('leaves out rows outside the periods asked for', () => {
    const sut = denseSeries([{ key: 'a', start: '2023-12-25', count: 9 }], starts);
    expect(sut[0]!.periods.map((p) => p.count)).toEqual([0, 0, 0]);
  });

  it('feeds findSpikes', () => {
    const periodStarts = weeks.slice(0, 9);
    const rows = periodStarts.slice(0, 8).map((start) => ({ key: 'a', start, count: 2 }));
    const sut = findSpikes(denseSeries([...rows, { key: 'a', start: weeks[8]!, count: 10 }], periodStarts));
    expect(sut.map((spike) => spike.start)).toEqual(['2024-02-26']);
  });
});
