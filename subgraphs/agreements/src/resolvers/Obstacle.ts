import type { AgreementsContext } from '../context';
import type { Obstacle as ObstacleRow } from '../entities';
import { resolvePartner } from './Partner';

export const Obstacle = {
  reportedBy: (o: ObstacleRow, _: unknown, context: AgreementsContext) => resolvePartner(o, context),
};
