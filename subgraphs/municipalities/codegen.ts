import type { SubgraphResolverTypes } from '../../codegen';

/** How `npm run codegen` types this subgraph's resolvers (see the top-level codegen.ts). */
export const resolverTypes: SubgraphResolverTypes = {
  contextType: 'MunicipalitiesContext',
  mappers: {
    Municipality: '../entities#Municipality',
    County: '../entities#County',
    UrbanDistrict: '../entities#UrbanDistrict',
    Statistic: '@samverkan/common#StatisticValue',
    StatisticSeries: '@samverkan/common#StatisticSeriesValue',
    StatisticSource: '@samverkan/common#StatisticSourceValue',
  },
};
