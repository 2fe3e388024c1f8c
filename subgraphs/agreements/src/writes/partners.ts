import { conflict, invalidInput } from '@samverkan/common';
import type { EntityManager } from 'typeorm';
import {
  authorityTypeById,
  LocalDevelopmentAgreement,
  Organisation,
  Partnership,
  type PartnerRole,
  type PartnerType,
} from '../entities';
import { coordinatorsOnly } from './agreements';
import type { AddPartnerInput, PartnerInput, RemovePartnerInput } from '../generated/resolvers-types';
import * as check from './input';
import { runWrite, type WriteContext } from './transaction';

/** The roles an organisation (neither municipality nor authority) can have. */
const organisationRoles: readonly PartnerRole[] = ['HOUSING_COMPANY', 'COUNTY_COUNCIL', 'CIVIL_SOCIETY', 'BUSINESS'];

type PartnerRef = { partnerType: PartnerType; partnerId: string } | { newOrganisationName: string };

/** Exactly one way of naming the partner, and a well-formed one; `field` is where the input stands. */
export function partnerRef(input: PartnerInput, allowNew: true, field?: string): PartnerRef;
export function partnerRef(
  input: PartnerInput,
  allowNew: false,
  field?: string,
): { partnerType: PartnerType; partnerId: string };
export function partnerRef(input: PartnerInput, allowNew: boolean, field = 'partner'): PartnerRef {
  const given = (['municipalityCode', 'authorityId', 'organisationId', 'organisationName'] as const).filter(
    (f) => input[f] !== null && input[f] !== undefined,
  );
  if (given.length !== 1) {
    throw invalidInput(
      field,
      `name the partner by exactly one of municipalityCode, authorityId, organisationId${allowNew ? ', organisationName' : ''}; got ${given.length}.`,
    );
  }
  if (input.municipalityCode != null) {
    return {
      partnerType: 'Municipality',
      partnerId: check.municipalityCode(`${field}.municipalityCode`, input.municipalityCode),
    };
  }
  if (input.authorityId != null) {
    const type = authorityTypeById[input.authorityId];
    if (!type) {
      throw invalidInput(`${field}.authorityId`, 'must be one of polisen, arbetsformedlingen, forsakringskassan.');
    }
    return { partnerType: type, partnerId: input.authorityId };
  }
  if (input.organisationId != null) {
    return { partnerType: 'Organisation', partnerId: check.slug(`${field}.organisationId`, input.organisationId) };
  }
  if (!allowNew)
    throw invalidInput(`${field}.organisationName`, 'name an organisation already recorded, by its organisationId.');
  return { newOrganisationName: check.text(`${field}.organisationName`, input.organisationName!, 200) };
}

/**
 * The agreement, locked for the rest of the transaction, at the version the
 * caller read; raises its version, since its partner list is about to change.
 */
async function lockAgreementAt(
  manager: EntityManager,
  agreementId: string,
  version: number,
): Promise<LocalDevelopmentAgreement> {
  const agreement = await manager.findOne(LocalDevelopmentAgreement, {
    where: { id: agreementId },
    lock: { mode: 'pessimistic_write' },
  });
  if (!agreement) throw invalidInput('agreementId', `no agreement has the id ${agreementId}.`);
  if (agreement.version !== version) throw conflict(`Agreement ${agreementId}`, agreement.version);
  await manager.update(LocalDevelopmentAgreement, { id: agreementId }, { version: version + 1 });
  return { ...agreement, version: version + 1 };
}

/** `housing-company-rinkeby-ab`, or with a number when that id is taken by another organisation. */
async function newOrganisationId(manager: EntityManager, name: string): Promise<string> {
  const base = check.slugOf(name).slice(0, 56).replace(/-$/, '') || 'organisation';
  for (let n = 1; ; n += 1) {
    const id = n === 1 ? base : `${base}-${n}`;
    if (!(await manager.existsBy(Organisation, { id }))) return id;
  }
}

export function addPartner(context: WriteContext, input: AddPartnerInput): Promise<string> {
  const operation = 'addPartner';
  return runWrite(context, { operation, authorise: coordinatorsOnly(operation) }, async (tx) => {
    const agreementId = check.slug('agreementId', input.agreementId);
    const version = check.version('version', input.version);
    const ref = partnerRef(input.partner, true);
    const representedBy = check.optionalText('representedBy', input.representedBy, 200);
    const agreement = await lockAgreementAt(tx.manager, agreementId, version);

    let partnerType: PartnerType;
    let partnerId: string;
    if ('newOrganisationName' in ref) {
      partnerType = 'Organisation';
      partnerId = await newOrganisationId(tx.manager, ref.newOrganisationName);
      const organisation = { id: partnerId, name: ref.newOrganisationName, illustrative: false };
      await tx.manager.insert(Organisation, organisation);
      await tx.record({ agreementId, entity: 'Organisation', entityId: partnerId, before: null, after: organisation });
    } else {
      ({ partnerType, partnerId } = ref);
      if (partnerType === 'Organisation' && !(await tx.manager.existsBy(Organisation, { id: partnerId }))) {
        throw invalidInput('partner.organisationId', `no organisation has the id ${partnerId}.`);
      }
    }
    const expectedRole: PartnerRole | null =
      partnerType === 'Organisation' ? null : partnerType === 'Municipality' ? 'MUNICIPALITY' : 'STATE_AUTHORITY';
    if (expectedRole ? input.role !== expectedRole : !organisationRoles.includes(input.role)) {
      throw invalidInput(
        'role',
        expectedRole
          ? `a ${partnerType === 'Municipality' ? 'municipality' : 'state authority'} takes part as ${expectedRole}.`
          : `an organisation takes part as one of ${organisationRoles.join(', ')}.`,
      );
    }
    if (partnerType === 'Municipality' && partnerId !== agreement.municipalityCode) {
      throw invalidInput(
        'partner.municipalityCode',
        `only the signing municipality (${agreement.municipalityCode}) is party to its agreement.`,
      );
    }
    const partners = await tx.manager.findBy(Partnership, { agreementId });
    if (partners.some((p) => p.partnerType === partnerType && p.partnerId === partnerId)) {
      throw invalidInput('partner', `${partnerType} ${partnerId} is already a partner of ${agreementId}.`);
    }
    const partnership = {
      agreementId,
      partnerType,
      partnerId,
      role: input.role,
      representedBy,
      position: Math.max(-1, ...partners.map((p) => p.position)) + 1,
    };
    await tx.manager.insert(Partnership, partnership);
    await tx.record({
      agreementId,
      entity: 'Partnership',
      entityId: `${agreementId}/${partnerType}:${partnerId}`,
      before: null,
      after: { ...partnership, agreementVersion: agreement.version },
    });
    return agreementId;
  });
}

export function removePartner(context: WriteContext, input: RemovePartnerInput): Promise<string> {
  const operation = 'removePartner';
  return runWrite(context, { operation, authorise: coordinatorsOnly(operation) }, async (tx) => {
    const agreementId = check.slug('agreementId', input.agreementId);
    const version = check.version('version', input.version);
    const ref = partnerRef(input.partner, false);
    const agreement = await lockAgreementAt(tx.manager, agreementId, version);
    if (ref.partnerType === 'Municipality' && ref.partnerId === agreement.municipalityCode) {
      throw invalidInput('partner.municipalityCode', 'the signing municipality stays party to its own agreement.');
    }
    const partnership = await tx.manager.findOneBy(Partnership, { agreementId, ...ref });
    if (!partnership) {
      throw invalidInput('partner', `${ref.partnerType} ${ref.partnerId} is not a partner of ${agreementId}.`);
    }
    await tx.manager.delete(Partnership, { agreementId, ...ref });
    await tx.record({
      agreementId,
      entity: 'Partnership',
      entityId: `${agreementId}/${ref.partnerType}:${ref.partnerId}`,
      before: { ...partnership, agreementVersion: version },
      after: null,
    });
    return agreementId;
  });
}
