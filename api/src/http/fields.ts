import { z } from 'zod';

/**
 * Field schemas every request schema shares, so no input reaches the database in a form it refuses with a 500:
 * dates and years within a sane range (PostgreSQL has no year 0000; a document of this system is not older than
 * 1900). Text is guarded for all routes at once (controlCharacterProblem in problem.ts).
 */
export const YEAR_MIN = 1900;
export const YEAR_MAX = 2999;

const yearMessage = `year must be between ${YEAR_MIN} and ${YEAR_MAX}`;
/** True for a string that is not a date at all: the format check names that error, once. */
const inYearRange = (iso: string) => {
  if (!/^\d{4}-/.test(iso)) return true;
  const y = Number(iso.slice(0, 4));
  return y >= YEAR_MIN && y <= YEAR_MAX;
};

/** A calendar day, YYYY-MM-DD. */
export const isoDate = z.iso.date().refine(inYearRange, yearMessage);
/** An instant with its offset, e.g. 2025-03-01T08:30:00+07:00. */
export const isoDateTime = z.iso.datetime({ offset: true }).refine(inYearRange, yearMessage);
/** A year in a query string. */
export const year = z.coerce.number().int().min(YEAR_MIN).max(YEAR_MAX);
