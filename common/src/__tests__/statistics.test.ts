import { toStatisticValue, type AreaStatistic } from '../statistics';

describe('statistic values', () => {
  const row: AreaStatistic = {
    areaKind: 'district',
    areaId: '0180-rinkeby',
    year: 2009,
    value: 12.5,
    baseCount: 480,
    sourceName: 'Synthetic series',
    synthetic: true,
  };

  it('serves the figure with its unit and source', () => {
    expect(toStatisticValue(row, 'percent', 5)).toEqual({
      year: 2009,
      value: 12.5,
      unit: 'percent',
      suppressed: false,
      source: { name: 'Synthetic series', synthetic: true },
    });
  });

  it('withholds a figure resting on fewer people than the threshold', () => {
    expect(toStatisticValue({ ...row, baseCount: 4 }, 'percent', 5)).toMatchObject({ value: null, suppressed: true });
    expect(toStatisticValue({ ...row, baseCount: 5 }, 'percent', 5)).toMatchObject({ value: 12.5, suppressed: false });
  });
});
