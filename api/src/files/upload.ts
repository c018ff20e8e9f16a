import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Request, Response } from 'express';
import multer from 'multer';
import { Problem, controlCharacterProblem } from '../http/problem';
import { problem } from '../http/problems';

export type UploadRole = 'MAIN' | 'SOURCE' | 'ATTACHMENT';

export interface UploadedFile<R extends UploadRole = UploadRole> {
  /** A temporary file; the caller removes it afterwards. */
  path: string;
  originalName: string;
  role: R;
}

export interface UploadLimits<R extends UploadRole = UploadRole> {
  tmpDir: string;
  maxFileBytes: number;
  maxFiles: number;
  /** Multipart file fields and the role of what each carries; one file at most unless the role is ATTACHMENT. */
  fields?: Record<string, R>;
}

const defaultFields = { main: 'MAIN', attachments: 'ATTACHMENT' } as const;

export interface ReceivedUpload<R extends UploadRole = UploadRole> {
  files: UploadedFile<R>[];
  fields: Record<string, unknown>;
  /** Removes the temporary files; call it whatever happens next. */
  discard(): Promise<void>;
}

function uploadProblem(err: multer.MulterError, limits: UploadLimits<UploadRole>): Problem {
  const mb = Math.round((limits.maxFileBytes / 1048576) * 10) / 10;
  switch (err.code) {
    case 'LIMIT_FILE_SIZE':
      return problem('upload.file_too_large', { mb }, { errors: [{ path: err.field ?? 'file', message: `larger than ${mb} MiB` }] });
    case 'LIMIT_FILE_COUNT':
      return problem('upload.too_many_files', { maxFiles: limits.maxFiles });
    case 'LIMIT_UNEXPECTED_FILE':
      return problem(
        'upload.unexpected_file',
        {
          field: err.field,
          Object: Object.keys(limits.fields ?? defaultFields)
            .map((f) => `"${f}"`)
            .join(', '),
        },
        { errors: [{ path: err.field ?? 'file', message: 'unexpected file field' }] },
      );
    default:
      return problem('upload.invalid', { message: err.message });
  }
}

/**
 * Streams a multipart upload (by default field "main": the document, "attachments": the rest) to temporary
 * files, never holding a whole file in memory, and answers limit breaches with a Problem. Shared by every
 * capability that takes documents (incoming intake, outgoing drafts).
 */
export function uploadReceiver<R extends UploadRole = 'MAIN' | 'ATTACHMENT'>(limits: UploadLimits<R>) {
  const fields = (limits.fields ?? defaultFields) as Record<string, R>;
  fs.mkdirSync(limits.tmpDir, { recursive: true });
  const parse = multer({
    storage: multer.diskStorage({ destination: limits.tmpDir, filename: (_req, _file, cb) => cb(null, `${crypto.randomUUID()}.upload`) }),
    limits: { fileSize: limits.maxFileBytes, files: limits.maxFiles, fields: 20, fieldSize: 64 * 1024 },
    // Browsers send the UTF-8 file name unencoded; busboy's latin1 default would garble Vietnamese names.
    defParamCharset: 'utf8',
  }).fields(Object.entries(fields).map(([name, role]) => ({ name, maxCount: role === 'ATTACHMENT' ? limits.maxFiles : 1 })));

  return async (req: Request, res: Response): Promise<ReceivedUpload<R>> => {
    const collected = () => Object.values((req.files ?? {}) as Record<string, Express.Multer.File[]>).flat();
    const discard = async () => {
      await Promise.all(collected().map((f) => fs.promises.rm(f.path, { force: true })));
    };
    try {
      await new Promise<void>((resolve, reject) => parse(req, res, (err?: unknown) => (err ? reject(err) : resolve())));
    } catch (err) {
      await discard();
      if (err instanceof multer.MulterError) throw uploadProblem(err, limits);
      throw problem('upload.malformed', { message: (err as Error).message });
    }
    const names = Object.fromEntries(collected().map((f, i) => [`${f.fieldname}[${i}].filename`, f.originalname]));
    const control = controlCharacterProblem({ ...req.body, ...names }, 'body');
    if (control) {
      await discard();
      throw control;
    }
    const files = collected().map((f) => ({ path: f.path, originalName: f.originalname, role: fields[f.fieldname] }));
    return { files, fields: { ...req.body }, discard };
  };
}
