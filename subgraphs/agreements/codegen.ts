import type { SubgraphResolverTypes } from '../../codegen';

/** How `npm run codegen` types this subgraph's resolvers (see the top-level codegen.ts). */
export const resolverTypes: SubgraphResolverTypes = {
  contextType: 'AgreementsContext',
  mappers: {
    LocalDevelopmentAgreement: '../entities#LocalDevelopmentAgreement',
    GovernmentDecision: '../entities#GovernmentDecision',
    Partnership: '../entities#Partnership',
    Commitment: '../entities#Commitment',
    FollowUpReport: '../entities#FollowUpReport',
    Obstacle: '../entities#Obstacle',
    Resolution: '../models#ResolutionModel',
    CoFinancingShare: '../models#ShareModel',
    ChangeRecord: '../entities#ChangeRecord',
    IndicatorSnapshot: '../entities#IndicatorSnapshot',
    FocusAreaAssessment: '../entities#FocusAreaAssessment',
    DueReport: '../reads/follow-up#DueReportRow',
    PartnerBudget: '../reads/follow-up#PartnerBudgetRow',
    QuarterlySummary: '../reads/follow-up#QuarterlySummaryValue',
    ContactPerson: '../entities#ContactPerson',
    Organisation: '../entities#Organisation',
    // Viewer's fields read the caller the gateway vouches for.
    Viewer: '@samverkan/common#Caller',
  },
};
