/**
 * Uptime as people read it: two units at most, the second zero-padded so columns line up
 * (`45s`, `3m12s`, `2h05m`, `3d04h`); `-` when there is no uptime.
 */
export function humanizeUptime(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '-';
  const total = Math.floor(seconds);
  if (total < 60) return `${total}s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes}m${pad2(total % 60)}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h${pad2(minutes % 60)}m`;
  return `${Math.floor(hours / 24)}d${pad2(hours % 24)}h`;
}

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}
