import {
  defaultFieldResolver,
  GraphQLError,
  isObjectType,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import type { AuditLog } from './audit';
import type { Caller } from './identity';

/**
 * Access levels a field declares with `@access(level: …)` in the subgraph SDL:
 * PUBLIC for anyone; PARTNER for partners of the agreement the data belongs
 * to, and for coordinators and administrators; PERSONAL (personal data) for
 * partners of that agreement only, every read audited.
 */
export type AccessLevel = 'PUBLIC' | 'PARTNER' | 'PERSONAL';

export interface AccessPolicy<TContext> {
  /** Whether the caller's organisation is party to the agreement the parent object belongs to. */
  isPartyTo(caller: Caller, parent: unknown, context: TContext): Promise<boolean>;
  /** The key of the object a field is read on, as `Type:key`, so that the audit says whose data it was. */
  entityOf?(parent: unknown, typeName: string): string | undefined;
}

/** Writes the refusals a request gathered, one entry per field coordinate: called once its response is sent. */
export type FlushAudit = (context: object) => void;

function readLevel(info: {
  astNode?: {
    directives?: readonly {
      name: { value: string };
      arguments?: readonly { name: { value: string }; value: unknown }[];
    }[];
  } | null;
}): AccessLevel | undefined {
  const directive = info.astNode?.directives?.find((d) => d.name.value === 'access');
  const argument = directive?.arguments?.find((a) => a.name.value === 'level')?.value as { value?: string } | undefined;
  return argument?.value as AccessLevel | undefined;
}

function pathOf(info: GraphQLResolveInfo): string {
  const parts: (string | number)[] = [];
  for (let path: GraphQLResolveInfo['path'] | undefined = info.path; path; path = path.prev) parts.unshift(path.key);
  return parts.join('.');
}

/**
 * Wraps every field that declares `@access` so it resolves only for callers
 * the policy admits; anyone else gets `null` for that field and a FORBIDDEN
 * error on its path, and the rest of the response still arrives. Reads of
 * personal data and every refusal go to the audit log.
 */
/** Fields the schema marks with `@access` above PUBLIC, as `Type.field`. */
export function restrictedFields(schema: GraphQLSchema): string[] {
  return Object.values(schema.getTypeMap())
    .filter((type) => isObjectType(type) && !type.name.startsWith('__'))
    .flatMap((type) =>
      Object.values((type as GraphQLObjectType).getFields())
        .filter((field) => (readLevel(field) ?? 'PUBLIC') !== 'PUBLIC')
        .map((field) => `${type.name}.${field.name}`),
    );
}

export function enforceFieldAccess<TContext extends { caller: Caller }>(
  schema: GraphQLSchema,
  policy: AccessPolicy<TContext>,
  audit: AuditLog,
): FlushAudit {
  // One request's refusals, by coordinate: a query with many aliased restricted fields writes one entry per field.
  const refusals = new WeakMap<object, Map<string, Parameters<AuditLog['record']>[1] & { count: number }>>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const level = readLevel(field);
      if (!level || level === 'PUBLIC') continue;
      const resolve: GraphQLFieldResolver<unknown, TContext> = field.resolve ?? defaultFieldResolver;
      field.resolve = async (parent, args, context, info) => {
        const { caller } = context;
        const privileged = caller.roles.includes('coordinator') || caller.roles.includes('admin');
        const partner = caller.roles.includes('partner') && (await policy.isPartyTo(caller, parent, context));
        const allowed = level === 'PERSONAL' ? partner : partner || privileged;
        const coordinate = `${type.name}.${field.name}`;
        const entity = policy.entityOf?.(parent, type.name);
        const event = {
          // The client's operation name as the gateway forwards it; the subgraph only sees the gateway's fetch.
          operation: caller.operation ?? info.operation.name?.value ?? '(anonymous operation)',
          ...(caller.operationHash ? { operationHash: caller.operationHash } : {}),
          coordinate,
          ...(entity ? { entity } : {}),
          fieldPath: pathOf(info),
          level,
        };
        if (!allowed) {
          let byCoordinate = refusals.get(context);
          if (!byCoordinate) refusals.set(context, (byCoordinate = new Map()));
          const gathered = byCoordinate.get(coordinate);
          if (gathered) gathered.count += 1;
          else byCoordinate.set(coordinate, { ...event, outcome: 'refused', count: 1 });
          throw new GraphQLError(
            level === 'PERSONAL'
              ? `${type.name}.${field.name} is personal data, visible only to partners of this agreement.`
              : `${type.name}.${field.name} is visible only to partners of this agreement and to coordinators.`,
            { extensions: { code: 'FORBIDDEN' } },
          );
        }
        if (level === 'PERSONAL') audit.record(caller, { ...event, outcome: 'read' });
        return resolve(parent, args, context, info);
      };
    }
  }
  return (context) => {
    const gathered = refusals.get(context);
    if (!gathered) return;
    refusals.delete(context);
    const { caller } = context as TContext;
    for (const entry of gathered.values()) audit.record(caller, entry);
  };
}
