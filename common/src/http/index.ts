/**
 * The HTTP face every subgraph and the gateway share: the service and its
 * `/graphql` pipeline of named steps (service.ts), how a refused request is
 * answered, counted and audited (refusals.ts), the caller a request carries
 * (caller.ts), server limits (limits.ts) and stopping on signals (signals.ts).
 */
export { callerOf } from './caller';
export { defaultHttpServerLimits, readHttpServerLimits, type HttpServerLimits } from './limits';
export { startGraphQLHttpService, type GraphQLHttpServiceOptions, type RunningHttpService } from './service';
export { stopOnSignals } from './signals';
