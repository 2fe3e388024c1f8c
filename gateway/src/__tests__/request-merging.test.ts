import type { GraphQLRequestListener } from '@apollo/server';
import type { Caller } from '@samverkan/common';
import { buildSchema, parse, type FormattedExecutionResult, type OperationDefinitionNode } from 'graphql';
import type { GatewayContext } from '../context';
import { RequestMerging } from '../request-merging';

const schema = buildSchema('type Query { counties: [String] secret: String } type Mutation { renew: String }');
const anonymous: Caller = { anonymous: true, roles: [] } as unknown as Caller;
const caller = (subject: string): Caller =>
  ({ anonymous: false, subject, organisation: '0136', roles: ['partner'] }) as unknown as Caller;

/**
 * One request through the plugin's hooks as Apollo Server calls them: `execute` runs when the plugin leaves the
 * request to execution (it answered null), and its result is what the request sends.
 */
async function request(
  merging: RequestMerging,
  options: { query?: string; who?: Caller; execute: () => Promise<FormattedExecutionResult>; clientGone?: boolean },
): Promise<{ result: FormattedExecutionResult; executed: boolean }> {
  const query = options.query ?? '{ counties }';
  const document = parse(query);
  const abort = new AbortController();
  const contextValue = { caller: options.who ?? anonymous, fetches: { signal: abort.signal } } as GatewayContext;
  const http = { headers: new Map(), status: undefined };
  const context = {
    document,
    queryHash: query,
    operation: document.definitions[0] as OperationDefinitionNode,
    schema,
    request: { query, variables: {} },
    response: { http, body: undefined as unknown },
    contextValue,
  };
  const listener = (await merging.plugin().requestDidStart!(
    context as never,
  )) as GraphQLRequestListener<GatewayContext>;
  const answered = listener.responseForOperation ? await listener.responseForOperation(context as never) : null;
  let result: FormattedExecutionResult;
  if (answered && answered.body.kind === 'single') result = answered.body.singleResult;
  else {
    result = await options.execute();
    if (options.clientGone) abort.abort();
  }
  context.response.body = { kind: 'single', singleResult: result };
  await listener.willSendResponse?.(context as never);
  return { result, executed: !answered };
}

/** An execution that answers when told to, counting how often it ran. */
function gatedExecution(answer: FormattedExecutionResult) {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const state = {
    runs: 0,
    open,
    execute: async () => {
      state.runs += 1;
      await gate;
      return answer;
    },
  };
  return state;
}

const isPublic = (document: { definitions: readonly unknown[] }) =>
  !JSON.stringify(document.definitions).includes('"secret"');

describe('merging identical requests in flight', () => {
  it('executes identical public queries of one caller once and gives each the same answer', async () => {
    const merging = new RequestMerging(true, isPublic);
    const execution = gatedExecution({ data: { counties: ['Stockholms län'] } });
    const requests = Array.from({ length: 5 }, () => request(merging, { execute: execution.execute }));
    execution.open();
    const answers = await Promise.all(requests);
    expect(execution.runs).toBe(1);
    expect(answers.filter((a) => a.executed)).toHaveLength(1);
    for (const { result } of answers) expect(result).toEqual({ data: { counties: ['Stockholms län'] } });
    expect(merging.stats.merged).toBe(4);
  });

  it('never shares an answer between callers, nor with an anonymous one', async () => {
    const merging = new RequestMerging(true, isPublic);
    const execution = gatedExecution({ data: { counties: [] } });
    const requests = [caller('a'), caller('b'), anonymous].map((who) =>
      request(merging, { who, execute: execution.execute }),
    );
    execution.open();
    await Promise.all(requests);
    expect(execution.runs).toBe(3);
    expect(merging.stats.merged).toBe(0);
  });

  it('never merges a mutation, nor a query with a field above PUBLIC', async () => {
    const merging = new RequestMerging(true, isPublic);
    for (const query of ['mutation { renew }', '{ secret }']) {
      const execution = gatedExecution({ data: {} });
      const requests = [1, 2].map(() => request(merging, { query, execute: execution.execute }));
      execution.open();
      await Promise.all(requests);
      expect(execution.runs).toBe(2);
    }
    expect(merging.stats.merged).toBe(0);
  });

  it('hands on no answer cut short by its own client leaving: the others execute for themselves', async () => {
    const merging = new RequestMerging(true, isPublic);
    const execution = gatedExecution({ data: { counties: null } });
    const leader = request(merging, { execute: execution.execute, clientGone: true });
    const follower = request(merging, { execute: execution.execute });
    execution.open();
    await Promise.all([leader, follower]);
    expect(execution.runs).toBe(2);
    expect((await follower).executed).toBe(true);
  });

  it('lets no request that arrives after a write share an answer read before it', async () => {
    const merging = new RequestMerging(true, isPublic);
    const before = gatedExecution({ data: { counties: ['before'] } });
    const early = request(merging, { execute: before.execute });
    await new Promise((resolve) => setImmediate(resolve));
    expect(before.runs).toBe(1);
    merging.purge();
    const after = gatedExecution({ data: { counties: ['after'] } });
    const late = request(merging, { execute: after.execute });
    before.open();
    after.open();
    expect((await early).result).toEqual({ data: { counties: ['before'] } });
    expect((await late).result).toEqual({ data: { counties: ['after'] } });
    expect(merging.stats.merged).toBe(0);
  });

  it('has an off switch', async () => {
    const merging = new RequestMerging(false, isPublic);
    const execution = gatedExecution({ data: { counties: [] } });
    const requests = [1, 2].map(() => request(merging, { execute: execution.execute }));
    execution.open();
    await Promise.all(requests);
    expect(execution.runs).toBe(2);
  });
});
