import type { SubgraphResolverTypes } from '../../codegen';

/** How `npm run codegen` types this subgraph's resolvers (see the top-level codegen.ts). */
export const resolverTypes: SubgraphResolverTypes = {
  contextType: 'PoliceContext',
  mappers: {
    PoliceAuthority: '../entities#PoliceAuthority',
    PoliceRegion: '../entities#PoliceRegion',
    VulnerableArea: '../entities#VulnerableArea',
    Statistic: '@samverkan/common#StatisticValue',
    StatisticSeries: '@samverkan/common#StatisticSeriesValue',
    StatisticSource: '@samverkan/common#StatisticSourceValue',
  },
};
