import operations from 'registered-operations';
import { currentSession } from './session';

export interface GraphQLError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; subgraph?: string };
}

export interface Answer<T> {
  data: T | null;
  errors: GraphQLError[];
}

/**
 * Runs a registered operation by name, its document sent verbatim, as the signed-in caller if any. A partner that
 * is down costs only its fields: the answer comes back with data and errors together, and the views show both.
 */
export async function run<T>(name: string, variables: Record<string, unknown> = {}): Promise<Answer<T>> {
  const query = operations[name];
  if (!query) throw new Error(`${name} är ingen registrerad operation`);
  const session = currentSession();
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(session ? { authorization: `Bearer ${session.token}` } : {}),
    },
    body: JSON.stringify({ query, variables, operationName: name }),
  });
  let body: { data?: T | null; errors?: GraphQLError[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new Error(`Gatewayen svarade inte med JSON (HTTP ${response.status}).`);
  }
  if (!body.data && !body.errors) throw new Error(`Oväntat svar från gatewayen (HTTP ${response.status}).`);
  return { data: body.data ?? null, errors: body.errors ?? [] };
}

/** Whose data each subgraph serves, as the screen names them. */
const subgraphOwners: Record<string, string> = {
  municipalities: 'kommunerna (SCB)',
  police: 'Polisen',
  arbetsformedlingen: 'Arbetsförmedlingen',
  forsakringskassan: 'Försäkringskassan',
  agreements: 'avtalsregistret',
};

/** An error in words for the screen, naming the authority whose part is missing. */
export function describeError(error: GraphQLError): string {
  const subgraph = error.extensions?.subgraph;
  const code = error.extensions?.code;
  if (code === 'UNAUTHENTICATED') return 'Inloggningen gäller inte längre: logga in igen.';
  if (code === 'FORBIDDEN') return 'Du saknar behörighet till en del av uppgifterna.';
  if (subgraph) return `Uppgifter från ${subgraphOwners[subgraph] ?? subgraph} saknas just nu (${code ?? 'fel'}).`;
  return error.message;
}
