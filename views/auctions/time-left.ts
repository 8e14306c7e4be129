/** How long until `end` from `now`, in words ("2 d 4 h", "3 h 5 min", "45 s"); "Ended" once it passed. */
export function timeLeft(end: Date | string, now: Date): string {
  const ms = new Date(end).getTime() - now.getTime();
  if (ms <= 0) return 'Ended';
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min ${s % 60} s`;
  return `${s} s`;
}
