/**
 * A person to be added (the administrator's add-user form and an organisation admin's invitation),
 * checked once at the edge with zod. The role's fit with the organisation and an address already
 * in use need the database: the service's newPersonProblems names those and the route merges them with the
 * schema's, so the form shows every problem at once.
 */
import { z } from 'zod';
import { TEXT_LIMITS, text } from './form-validation.js';

/** The limits stated in the hints of the name and job title (the service's own). */
export const PERSON_LIMITS = { name: TEXT_LIMITS.name, jobTitle: TEXT_LIMITS.name, email: 254 } as const;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const personSchema = z.object({
  name: text('Full name', { max: PERSON_LIMITS.name, required: 'Enter their full name' }),
  email: z
    .string()
    .trim()
    .min(1, { error: 'Enter their email address' })
    .refine((v) => EMAIL.test(v) && v.length <= PERSON_LIMITS.email, { error: 'Enter an email address in the correct format, like name@example.com' }),
  jobTitle: text('Job title', { max: PERSON_LIMITS.jobTitle }),
});

/** The administrator's form also names the organisation and chooses one of every role (the service checks it fits). */
export const adminPersonSchema = personSchema.extend({
  organisation: z.string().trim().min(1, { error: 'Enter the organisation’s ID' }),
  role: z.string().min(1, { error: 'Select a role' }),
});
