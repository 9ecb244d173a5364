import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;

/**
 * The command line that runs one of meshbridge's executables. `npm test` builds first and sets
 * MESHBRIDGE_TEST_DIST=1 so end-to-end suites run the real bundled binaries; without it (while
 * developing) they run the TypeScript entry points through tsx.
 */
export function binCommand(name: 'tctl' | 'meshbridge' | 'meshbridge-cni'): { command: string; args: string[] } {
  if (process.env.MESHBRIDGE_TEST_DIST === '1') return { command: process.execPath, args: [join(root, 'bin', `${name}.js`)] };
  return { command: process.execPath, args: ['--import', 'tsx', join(root, 'src', 'bin', `${name}.ts`)] };
}

/** The project root folder. */
export const projectRoot = root;
