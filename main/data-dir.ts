/**
 * Where a person's vaults live. ANXIN_DATA_DIR overrides (tests, portable installs);
 * otherwise the OS's per-user application-data folder, never a shared or temporary one.
 */
import path from 'node:path';

export function resolveDataDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: string): string {
  const override = env.ANXIN_DATA_DIR?.trim();
  if (override) return path.resolve(override);
  switch (platform) {
    case 'win32':
      return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), 'Anxin');
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'Anxin');
    default:
      return path.join(env.XDG_DATA_HOME || path.join(home, '.local', 'share'), 'anxin');
  }
}
