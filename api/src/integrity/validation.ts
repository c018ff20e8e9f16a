import { z } from 'zod';
import { integrityProblems } from './schema';

const checkSchema = z
  .object({
    id: z.string(),
    startedAt: z.string(),
    finishedAt: z.string(),
    blobsChecked: z.number().int(),
    bytesChecked: z.number().int(),
    missing: z.number().int(),
    mismatched: z.number().int(),
  })
  .meta({ id: 'IntegrityCheck' });

const findingSchema = z
  .object({
    sha256: z.string(),
    problem: z.enum(integrityProblems),
    actualSha256: z.string().nullable().describe('MISMATCH: the hash of the bytes found instead'),
    tables: z.array(z.string()).describe('tables whose rows name the blob'),
  })
  .meta({ id: 'IntegrityFinding' });

export const integrityReportSchema = z
  .object({
    runs: z.array(checkSchema).describe('latest first'),
    findings: z.array(findingSchema).describe('of the latest run (at most 500; its counts are exact)'),
  })
  .meta({ id: 'IntegrityReport' });
