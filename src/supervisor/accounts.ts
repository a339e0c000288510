/**
 * Resolves a unit's `user`/`group` against /etc/passwd and /etc/group and decides whether the
 * daemon may switch to them. Read on every spawn that needs it: the files are small and may change.
 */
import fs from 'node:fs';

export interface Account {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

export type Credentials =
  | { ok: true; uid: number | undefined; gid: number | undefined; account: Account | null }
  | { ok: false; reason: string };

function readDatabase(file: string): string[][] {
  try {
    return fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => line.split(':'));
  } catch {
    return [];
  }
}

const isNumeric = (text: string): boolean => /^\d+$/.test(text);

export function lookupUser(nameOrUid: string): Account | null {
  const byId = isNumeric(nameOrUid);
  for (const fields of readDatabase('/etc/passwd')) {
    const [name, , uid, gid, , home] = fields;
    if (name === undefined || uid === undefined || gid === undefined) continue;
    if (byId ? uid === nameOrUid : name === nameOrUid) return { name, uid: Number(uid), gid: Number(gid), home: home ?? '/' };
  }
  return null;
}

export function lookupGroup(nameOrGid: string): number | null {
  const byId = isNumeric(nameOrGid);
  for (const [name, , gid] of readDatabase('/etc/group')) {
    if (name === undefined || gid === undefined) continue;
    if (byId ? gid === nameOrGid : name === nameOrGid) return Number(gid);
  }
  return byId ? Number(nameOrGid) : null;
}

/**
 * As root, the resolved ids are passed to spawn (libuv also drops supplementary groups). As anyone
 * else, only one's own user and group are possible; asking for another is a failed start, not a crash.
 */
export function resolveCredentials(user: string | null, group: string | null): Credentials {
  let account: Account | null = null;
  if (user !== null) {
    account = lookupUser(user);
    if (account === null) return { ok: false, reason: `unknown user: ${user}` };
  }
  let gid: number | undefined = account?.gid;
  if (group !== null) {
    const found = lookupGroup(group);
    if (found === null) return { ok: false, reason: `unknown group: ${group}` };
    gid = found;
  }
  const uid = account?.uid;
  const isRoot = process.getuid?.() === 0;
  if (isRoot) return { ok: true, uid, gid, account };
  if (uid !== undefined && uid !== process.getuid?.()) {
    return { ok: false, reason: `permission denied: cannot run as user ${user} (the daemon is not root)` };
  }
  if (gid !== undefined && gid !== process.getgid?.()) {
    return { ok: false, reason: `permission denied: cannot run as group ${group ?? gid} (the daemon is not root)` };
  }
  return { ok: true, uid: undefined, gid: undefined, account };
}
