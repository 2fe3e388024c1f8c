import { attributeSubgraphError, maskInternalError, withoutExpectedStack } from '../errors';

describe('the errors a caller sees', () => {
  const stacktrace = ['GraphQLError: boom', '    at resolve (/srv/gateway/src/server.ts:1:1)'];

  it('keeps the stack trace of an unexpected error in development, and drops that of an expected one', () => {
    const unexpected = { message: 'boom', extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace } };
    expect(withoutExpectedStack(unexpected)).toEqual(unexpected);
    const uncoded = { message: 'boom', extensions: { stacktrace } };
    expect(withoutExpectedStack(uncoded)).toEqual(uncoded);
    for (const code of ['FORBIDDEN', 'BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'SUBGRAPH_TIMEOUT']) {
      expect(
        withoutExpectedStack({ message: 'no', path: ['a'], extensions: { code, argument: 'year', stacktrace } }),
      ).toEqual({
        message: 'no',
        path: ['a'],
        extensions: { code, argument: 'year' },
      });
    }
  });

  it('names the subgraph an error came from, without its stack, and masks internal errors in production', () => {
    const fromPolice = attributeSubgraphError({
      message: 'relation "x" does not exist',
      extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName: 'police', stacktrace },
    });
    expect(fromPolice).toEqual({
      message: 'relation "x" does not exist',
      extensions: { code: 'INTERNAL_SERVER_ERROR', subgraph: 'police' },
    });
    expect(maskInternalError(fromPolice)).toEqual({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR', subgraph: 'police' },
    });
  });
});
