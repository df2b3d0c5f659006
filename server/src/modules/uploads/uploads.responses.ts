import { z } from 'zod';

/** A stored photo: attach its id to a request or an action. */
export const uploadView = z.strictObject({ id: z.string(), mime: z.string(), size: z.number().int() });
