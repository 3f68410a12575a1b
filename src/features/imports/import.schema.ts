// zod schemas of the import routes.
import { z } from 'zod';
import { IMPORT_KINDS } from '../../domain/import-rows.ts';

export const kindParams = z.object({ kind: z.enum(IMPORT_KINDS) });
export const jobParams = z.object({ id: z.coerce.number().int().positive() });
export const templateQuery = z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx') });
/** all: all or nothing (the default); valid: import the valid rows, report the rest. */
export const importQuery = z.object({ mode: z.enum(['all', 'valid']).default('all') });
export const jobsQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });
