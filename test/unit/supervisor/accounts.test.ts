import { expect } from 'chai';
import fs from 'node:fs';
import { resolveCredentials } from '../../../src/supervisor/accounts.js';

/** Runs `body` as if the daemon had this uid and gid (resolveCredentials asks process.getuid/getgid). */
function asIds<T>(uid: number, gid: number, body: () => T): T {
  const { getuid, getgid } = process;
  process.getuid = () => uid;
  process.getgid = () => gid;
  try {
    return body();
  } finally {
    process.getuid = getuid;
    process.getgid = getgid;
  }
}

const passwdEntry = (name: string): string[] =>
  fs.readFileSync('/etc/passwd', 'utf8').split('\n').find((line) => line.startsWith(`${name}:`))!.split(':');
const rootEntry = passwdEntry('root');
const nobodyEntry = passwdEntry('nobody');

describe('supervisor/accounts resolveCredentials', () => {
  it('without user or group: nothing to switch', () => {
    expect(resolveCredentials(null, null)).to.deep.equal({ ok: true, uid: undefined, gid: undefined, account: null });
  });

  it('an unknown user or group is a failed start with its reason', () => {
    expect(resolveCredentials('no-such-user-tm', null)).to.deep.equal({ ok: false, reason: 'unknown user: no-such-user-tm' });
    expect(resolveCredentials(null, 'no-such-group-tm')).to.deep.equal({ ok: false, reason: 'unknown group: no-such-group-tm' });
  });

  it('as root: switches to the user and its primary group, or to the given group', () => {
    const result = asIds(0, 0, () => resolveCredentials('root', null));
    expect(result).to.deep.include({ ok: true, uid: 0, gid: Number(rootEntry[3]) });
    expect(asIds(0, 0, () => resolveCredentials('root', '0'))).to.deep.include({ ok: true, gid: 0 });
  });

  it('as non-root: another user is a clear "permission denied", not a crash', () => {
    expect(asIds(1000, 1000, () => resolveCredentials('root', null))).to.deep.equal({
      ok: false,
      reason: 'permission denied: cannot run as user root (the daemon is not root)',
    });
    expect(asIds(1000, 1000, () => resolveCredentials(null, '0'))).to.deep.equal({
      ok: false,
      reason: 'permission denied: cannot run as group 0 (the daemon is not root)',
    });
  });

  it("as non-root: one's own user is accepted and nothing is switched", () => {
    const [, , uid, gid] = nobodyEntry;
    const result = asIds(Number(uid), Number(gid), () => resolveCredentials('nobody', null));
    expect(result).to.deep.include({ ok: true, uid: undefined, gid: undefined });
    expect(result.ok && result.account?.name).to.equal('nobody');
  });
});
