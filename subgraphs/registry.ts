import type { SubgraphDefinition } from '@samverkan/common';
import { agreementsSubgraph } from './agreements/src/server';
import { arbetsformedlingenSubgraph } from './arbetsformedlingen/src/server';
import { forsakringskassanSubgraph } from './forsakringskassan/src/server';
import { municipalitiesSubgraph } from './municipalities/src/server';
import { policeSubgraph } from './police/src/server';

/**
 * The five subgraphs in port order (4001–4005). The start script, the
 * migration generator and the end-to-end harness start them from here; the
 * gateway never imports subgraph code.
 */
export const subgraphDefinitions: readonly SubgraphDefinition<object>[] = [
  municipalitiesSubgraph as SubgraphDefinition<object>,
  policeSubgraph as SubgraphDefinition<object>,
  arbetsformedlingenSubgraph as SubgraphDefinition<object>,
  forsakringskassanSubgraph as SubgraphDefinition<object>,
  agreementsSubgraph as SubgraphDefinition<object>,
];
