import type { SubgraphResolverTypes } from '../../codegen';

/** How `npm run codegen` types this subgraph's resolvers (see the top-level codegen.ts). */
export const resolverTypes: SubgraphResolverTypes = {
  contextType: 'ArbetsformedlingenContext',
  mappers: {
    Arbetsformedlingen: '../entities#Arbetsformedlingen',
    EmploymentOffice: '../entities#EmploymentOffice',
    CountBreakdown: '../loaders/youth-in-programmes#CountBreakdownValue',
    Statistic: '@samverkan/common#StatisticValue',
    StatisticSeries: '@samverkan/common#StatisticSeriesValue',
    StatisticSource: '@samverkan/common#StatisticSourceValue',
  },
};
