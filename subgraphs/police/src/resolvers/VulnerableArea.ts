import type { PoliceContext } from '../context';
import type { VulnerableArea as VulnerableAreaRow } from '../entities';

export const VulnerableArea = {
  __resolveReference: ({ id }: { id: string }, { loaders }: PoliceContext) => loaders.vulnerableAreaById.load(id),
  municipality: (area: VulnerableAreaRow) => ({ code: area.municipalityCode }),
  region: (area: VulnerableAreaRow, _: unknown, { loaders }: PoliceContext) =>
    loaders.regionByCode.load(area.regionCode),
  district: (area: VulnerableAreaRow) => (area.districtId ? { id: area.districtId } : null),
};
