import { describeAuthoritySubgraph } from '../../../../test/support/authority-subgraph-suite';
import { UnemploymentStatistic } from '../entities';
import { arbetsformedlingenSubgraph } from '../server';

describeAuthoritySubgraph({
  definition: arbetsformedlingenSubgraph,
  rootField: 'arbetsformedlingen',
  authority: { id: 'arbetsformedlingen', name: 'Arbetsförmedlingen', establishedOn: '2008-01-01' },
  statisticEntity: UnemploymentStatistic,
  statisticField: 'unemployment',
  statistic: 'unemployment',
});
