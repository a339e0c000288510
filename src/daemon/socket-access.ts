import { readFileSync } from 'node:fs';

/**
 * Who may talk to the daemon: as root, members of the `taskmaster` group when it exists (0660),
 * otherwise only the owner (0600).
 */
export function socketAccess(uid = process.getuid?.() ?? 0): { mode: number; gid: number | null } {
  if (uid !== 0) return { mode: 0o600, gid: null };
  const gid = groupId('taskmaster');
  return gid === null ? { mode: 0o600, gid: null } : { mode: 0o660, gid };
}

function groupId(name: string): number | null {
  try {
    for (const line of readFileSync('/etc/group', 'utf8').split('\n')) {
      const [group, , gid] = line.split(':');
      if (group === name) return Number(gid);
    }
  } catch {
    // No /etc/group: no group to grant access to.
  }
  return null;
}
