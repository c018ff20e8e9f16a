import { z } from 'zod';

export const viewListSchema = z.object({
  items: z.array(
    z
      .object({
        at: z.string(),
        userId: z.string(),
        userName: z.string(),
        fileId: z.string().nullable(),
        what: z
          .string()
          .describe(
            'PAGE: the document page was opened; otherwise the file variant downloaded (ORIGINAL, STAMPED, SEARCHABLE, ISSUED, SIGNED, FILE)',
          ),
        ip: z.string().nullable(),
      })
      .meta({ id: 'DocumentView' }),
  ),
});
