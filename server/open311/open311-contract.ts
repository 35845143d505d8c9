import { z } from 'zod';
import { gridCodeSchema } from '../grids/grids-contract.ts';
import { CATEGORY_CODE } from '../incidents/incidents-contract.ts';

/** Open311 GeoReport v2 as we accept it: the form fields of a new request and of a search. */

const coordinate = (min: number, max: number) => z.coerce.number().finite().min(min).max(max);
const jurisdiction = gridCodeSchema.optional();

/** POST requests.{format}: the spec's form fields that we use; personal contact fields are accepted and not kept. */
export const postSchema = z.object({
  jurisdiction_id: jurisdiction,
  service_code: z.string().regex(CATEGORY_CODE),
  lat: coordinate(-90, 90),
  long: coordinate(-180, 180),
  description: z.string().trim().max(2000).optional(),
});

export const searchSchema = z.object({
  jurisdiction_id: jurisdiction,
  service_request_id: z
    .string()
    .regex(/^[1-9][0-9]{0,17}(,[1-9][0-9]{0,17}){0,99}$/)
    .optional(),
  service_code: z.string().regex(CATEGORY_CODE).optional(),
  start_date: z.iso.datetime({ offset: true }).optional(),
  end_date: z.iso.datetime({ offset: true }).optional(),
  status: z.enum(['open', 'closed']).optional(),
});

/** A search of requests. */
export type RequestSearch = z.infer<typeof searchSchema>;
