/**
 * A calendar day (a SQL `date`, e.g. a booking's preferred date) as YYYY-MM-DD.
 * The driver reads a SQL date as local midnight, so a Date is read back in local
 * time; a string is already the day. Never the Date's own text ("Sun May 31 …").
 */
export function dayText(v: string | Date): string;
export function dayText(v: string | Date | null): string | null;
export function dayText(v: string | Date | null): string | null {
  if (v === null) return null;
  if (!(v instanceof Date)) return String(v).slice(0, 10);
  return `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`;
}
