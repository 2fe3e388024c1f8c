import { describeAuthoritySubgraph } from '../../../../test/support/authority-subgraph-suite';
import { SicknessStatistic } from '../entities';
import { forsakringskassanSubgraph } from '../server';

describeAuthoritySubgraph({
  definition: forsakringskassanSubgraph,
  rootField: 'forsakringskassan',
  authority: { id: 'forsakringskassan', name: 'Försäkringskassan', establishedOn: '2005-01-01' },
  statisticEntity: SicknessStatistic,
  statisticField: 'sicknessIndex',
  statistic: 'ohalsotal',
});
