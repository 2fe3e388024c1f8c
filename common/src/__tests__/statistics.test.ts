import { suppressBreakdown, toStatisticValue, type AreaStatistic } from '../statistics';

describe('statistic values', () => {
  const row: AreaStatistic = {
    areaKind: 'district',
    areaId: '0180-rinkeby',
    year: 2009,
    value: 12.5,
    baseCount: 480,
    sourceName: 'Synthetic series',
    sourcePublisher: null,
    sourceTable: null,
    sourceLicence: null,
    sourceUrl: null,
    synthetic: true,
  };

  it('serves the figure with its unit and source', () => {
    expect(toStatisticValue(row, 'percent', { threshold: 5, syntheticFigures: true })).toEqual({
      year: 2009,
      value: 12.5,
      unit: 'percent',
      suppressed: false,
      source: {
        name: 'Synthetic series',
        publisher: null,
        table: null,
        period: '2009',
        licence: null,
        url: null,
        synthetic: true,
      },
    });
  });

  it('never withholds a published figure, whose publisher has decided what is safe', () => {
    expect(
      toStatisticValue({ ...row, baseCount: null }, 'percent', { threshold: 5, syntheticFigures: true }),
    ).toMatchObject({
      value: 12.5,
      suppressed: false,
    });
  });

  it('withholds a synthetic figure where synthetic figures are not served, still saying it is synthetic', () => {
    const off = { threshold: 5, syntheticFigures: false };
    expect(toStatisticValue(row, 'percent', off)).toMatchObject({
      value: null,
      suppressed: true,
      source: { synthetic: true },
    });
    // A published figure is served whatever the setting.
    const published = { ...row, synthetic: false, baseCount: null, sourceName: 'Kolada' };
    expect(toStatisticValue(published, 'percent', off)).toMatchObject({ value: 12.5, suppressed: false });
  });

  it('withholds a figure resting on fewer people than the threshold', () => {
    expect(
      toStatisticValue({ ...row, baseCount: 4 }, 'percent', { threshold: 5, syntheticFigures: true }),
    ).toMatchObject({ value: null, suppressed: true });
    expect(
      toStatisticValue({ ...row, baseCount: 5 }, 'percent', { threshold: 5, syntheticFigures: true }),
    ).toMatchObject({ value: 12.5, suppressed: false });
  });
});

describe('suppressing a total and its parts', () => {
  it('withholds a small part together with the next smallest, so the total gives neither away', () => {
    expect(suppressBreakdown({ total: 23, parts: { women: 3, men: 20 } }, 5)).toEqual({
      total: 23,
      parts: { women: null, men: null },
    });
    expect(suppressBreakdown({ total: 30, parts: { a: 2, b: 10, c: 18 } }, 5)).toEqual({
      total: 30,
      parts: { a: null, b: null, c: 18 },
    });
  });

  it('serves everything when every count reaches the threshold', () => {
    expect(suppressBreakdown({ total: 11, parts: { women: 5, men: 6 } }, 5)).toEqual({
      total: 11,
      parts: { women: 5, men: 6 },
    });
  });

  it('withholds everything when the total itself is small', () => {
    expect(suppressBreakdown({ total: 4, parts: { women: 0, men: 4 } }, 5)).toEqual({
      total: null,
      parts: { women: null, men: null },
    });
  });

  it('never leaves exactly one part unknown beside a known total', () => {
    for (let women = 0; women < 15; women += 1) {
      for (let men = 0; men < 15; men += 1) {
        const { total, parts } = suppressBreakdown({ total: women + men, parts: { women, men } }, 5);
        const unknown = Object.values(parts).filter((v) => v === null).length;
        expect(total !== null && unknown === 1).toBe(false);
      }
    }
  });
});
