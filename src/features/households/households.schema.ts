import { z } from 'zod';
import { optionalText, pageQuery } from '../shared.ts';

const lat = z.number().min(-90).max(90).nullish();
const lng = z.number().min(-180).max(180).nullish();

export const householdCreate = z.object({
  externalCode: optionalText(64),
  address: z.string().trim().min(2, '地址至少2个字|address needs at least 2 characters').max(200),
  regionId: z.number().int().positive(),
  buildingId: z.number().int().positive().nullish(),
  tags: z.array(z.string().trim().min(1).max(20)).max(20).default([]),
  notes: optionalText(2000),
  lat, lng,
});
export const householdUpdate = householdCreate.partial().extend({ version: z.number().int().positive() });

export const householdQuery = z.object({
  q: z.string().trim().max(100).optional(),
  address: z.string().trim().max(100).optional(),
  name: z.string().trim().max(20).optional(),
  tags: z.string().trim().max(200).optional(),
  regionId: z.coerce.number().int().positive().optional(),
  buildingId: z.coerce.number().int().positive().optional(),
  ...pageQuery,
});

export type HouseholdCreate = z.infer<typeof householdCreate>;
export type HouseholdUpdate = z.infer<typeof householdUpdate>;
export type HouseholdQuery = z.infer<typeof householdQuery>;
