/** Everything the daemon needs to know about where things live. Unset fields take defaultPaths(). */
export interface DaemonOptions {
  unitsDir: string;
  socket: string;
  logDir: string;
  stateDir: string;
}
