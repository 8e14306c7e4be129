import { spawn } from 'node:child_process';

const MARK = 'SOUK_SUPERVISED';

/**
 * Ctrl-C in a terminal signals every process in the foreground group at once:
 * the web and worker processes, and also the Postgres and Redis that `npm start`
 * started, which would then cut the connections of processes still finishing
 * their work (each logging the error). So the launcher re-runs itself in a
 * process group of its own, which the terminal does not signal, and stays in
 * front only to pass Ctrl-C on, as a message rather than a signal (the
 * embedded Postgres package exits on a signal at once, stopping its server);
 * the launcher behind it then calls `stop`, which ends things in order: web
 * and worker first, the services after.
 *
 * Returns false in the process that should do the work; in the front process
 * it never returns (it exits with the launcher's exit code).
 */
export async function runInOwnProcessGroup(stop: () => void, env: NodeJS.ProcessEnv = process.env): Promise<false> {
  if (process.platform === 'win32') return false;
  if (env[MARK] === '1') {
    process.on('message', (m) => {
      if (m === 'stop') stop();
    });
    // the front process died without passing anything on: stop anyway
    process.on('disconnect', stop);
    return false;
  }
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    env: { ...env, [MARK]: '1' },
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    detached: true,
  });
  const pass = () => {
    if (child.exitCode === null && child.connected) child.send('stop');
  };
  process.on('SIGINT', pass);
  process.on('SIGTERM', pass);
  process.on('SIGHUP', pass);
  return new Promise<never>(() => {
    child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  });
}
