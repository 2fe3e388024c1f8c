import { foldName, invalidInput, keyFormats, loadMunicipalities, loadUrbanDistricts } from '@samverkan/common';
import type { FocusArea } from '../entities';

/**
 * The write rules every mutation input passes before anything is read or
 * written. Each check throws BAD_USER_INPUT naming the input field (as a
 * path inside `input`) and the rule; the first broken rule is the one told.
 */

const municipalityCodes = new Set(loadMunicipalities().map((m) => m.code));
const districtsById = new Map(loadUrbanDistricts().map((d) => [d.id, d]));
const focusAreas: readonly FocusArea[] = ['WORK', 'EDUCATION', 'SAFETY', 'GROWTH'];

/** The earliest and latest dates a period may name: the policy began in 1998, and nothing is planned past 2100. */
const dateBounds = ['1990-01-01', '2100-12-31'] as const;

/** Text with surrounding spaces removed, between `min` and `max` characters. */
export function text(field: string, value: string, max: number, min = 1): string {
  const trimmed = value.trim();
  if (trimmed.length < min)
    throw invalidInput(field, min === 1 ? 'must not be empty.' : `needs at least ${min} characters.`);
  if (trimmed.length > max) throw invalidInput(field, `must be at most ${max} characters, got ${trimmed.length}.`);
  // A NUL or other control character is never meant in a title or a description, and PostgreSQL refuses NUL.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(trimmed)) {
    throw invalidInput(field, 'must not contain control characters.');
  }
  return trimmed;
}

export function optionalText(field: string, value: string | null | undefined, max: number): string | null {
  if (value === null || value === undefined) return null;
  return value.trim() === '' ? null : text(field, value, max);
}

/** Whether `value` is an ISO 8601 calendar date (YYYY-MM-DD) that exists: no 30 February. */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const parsed = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  return parsed !== null && parsed.toISOString().slice(0, 10) === value;
}

/** An id made of a name, as district ids are: `Föreningen Jordbro Framåt` → `foreningen-jordbro-framat`. */
export function slugOf(name: string): string {
  return foldName(name).replace(/ /g, '-');
}

/** An ISO 8601 calendar date (YYYY-MM-DD) that exists, within 1990–2100. */
export function date(field: string, value: string): string {
  if (!isCalendarDate(value)) {
    throw invalidInput(field, `must be a date as YYYY-MM-DD, e.g. 2012-01-01; got "${value.slice(0, 40)}".`);
  }
  if (value < dateBounds[0] || value > dateBounds[1]) {
    throw invalidInput(field, `must lie between ${dateBounds[0]} and ${dateBounds[1]}.`);
  }
  return value;
}

export interface Period {
  start: string;
  end: string;
}

/** Both dates valid, and the end after the start. */
export function period(field: string, value: Period): Period {
  const start = date(`${field}.start`, value.start);
  const end = date(`${field}.end`, value.end);
  if (end <= start) throw invalidInput(`${field}.end`, `must be after the start (${start}), got ${end}.`);
  return { start, end };
}

export function municipalityCode(field: string, value: string): string {
  if (!keyFormats.municipalityCode.pattern.test(value)) {
    throw invalidInput(field, `must be ${keyFormats.municipalityCode.description}.`);
  }
  if (!municipalityCodes.has(value)) throw invalidInput(field, `no municipality has the code ${value}.`);
  return value;
}

export function slug(field: string, value: string): string {
  if (value.length > 64 || !keyFormats.slug.pattern.test(value)) {
    throw invalidInput(field, `must be ${keyFormats.slug.description}.`);
  }
  return value;
}

/** Known urban districts of the agreement's municipality, each once, 1 to 10 of them. */
export function districtIds(field: string, values: readonly string[], municipality: string): string[] {
  if (values.length === 0) throw invalidInput(field, 'needs at least one district.');
  if (values.length > 10) throw invalidInput(field, `takes at most 10 districts, got ${values.length}.`);
  const seen = new Set<string>();
  values.forEach((id, i) => {
    const district = districtsById.get(id);
    if (!district) throw invalidInput(`${field}.${i}`, `no urban district has the id "${id.slice(0, 80)}".`);
    if (district.municipalityCode !== municipality) {
      throw invalidInput(
        `${field}.${i}`,
        `${district.name} lies in municipality ${district.municipalityCode}, not in the agreement's municipality ${municipality}.`,
      );
    }
    if (seen.has(id)) throw invalidInput(`${field}.${i}`, `${district.name} is listed twice.`);
    seen.add(id);
  });
  return [...seen];
}

/** At least one goal area, each once, kept in the policy's order. */
export function focusAreaList(field: string, values: readonly FocusArea[]): FocusArea[] {
  if (values.length === 0) throw invalidInput(field, 'needs at least one goal area.');
  if (new Set(values).size !== values.length) throw invalidInput(field, 'lists a goal area twice.');
  return focusAreas.filter((area) => values.includes(area));
}

/** A whole number of at least `min`. */
export function version(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw invalidInput(field, `must be a version as read, 1 or more.`);
  return value;
}
