/**
 * When a report may be published (issue 16): not before fieldwork has ended, unless someone
 * records why (like fieldwork started before its planned start). The dates kept are then the
 * real ones: fieldwork cannot have gone on after the day its report was published, so its end
 * becomes the publication date.
 */
import { formatLongDate, type CalendarDate } from '../deadlines/calendar-date.js';

export const PUBLICATION_TIMING_VERSION = 'publication-timing@2026-12-06';

export type PublicationTiming =
  | { ok: true; early: false }
  | { ok: true; early: true; fieldworkEnd: CalendarDate; explanation: string }
  | { ok: false; field: 'reason'; message: string };

export function publicationTiming(input: { today: CalendarDate; fieldworkEnd: CalendarDate; fieldworkEnded: boolean; reason: string | null | undefined }): PublicationTiming {
  const early = !input.fieldworkEnded || input.today < input.fieldworkEnd;
  if (!early) return { ok: true, early: false };
  const reason = input.reason?.trim() ?? '';
  if (!reason) {
    return {
      ok: false,
      field: 'reason',
      message: input.fieldworkEnded
        ? `Fieldwork is planned to end on ${formatLongDate(input.fieldworkEnd)}. To publish the report before then, give the reason`
        : 'Fieldwork has not ended. To publish the report before it ends, give the reason',
    };
  }
  const end = input.today < input.fieldworkEnd ? input.today : input.fieldworkEnd;
  return { ok: true, early: true, fieldworkEnd: end, explanation: `${PUBLICATION_TIMING_VERSION}: published on ${input.today} before fieldwork ended (planned end ${input.fieldworkEnd}); reason recorded; fieldwork end kept as ${end}` };
}
