/**
 * systemd socket activation (sd_listen_fds(3)): when LISTEN_PID is ours and LISTEN_FDS >= 1, the
 * listening socket is fd 3. Returns that fd, or null when we were not socket-activated.
 * The variables are removed so our children do not think the socket is theirs.
 */
export function takeActivatedSocket(env: NodeJS.ProcessEnv = process.env, pid = process.pid): number | null {
  const listenPid = Number(env.LISTEN_PID);
  const listenFds = Number(env.LISTEN_FDS);
  delete env.LISTEN_PID;
  delete env.LISTEN_FDS;
  delete env.LISTEN_FDNAMES;
  if (listenPid !== pid || !Number.isInteger(listenFds) || listenFds < 1) return null;
  return 3;
}
