import { runPlugin } from './run-plugin.js';

/** The meshbridge-cni executable: read stdin, run the CNI command, print only the result on stdout. */
export async function pluginMain(): Promise<void> {
  const chunks: Buffer[] = [];
  // VERSION may come without stdin; every other command gets the network configuration on it.
  if (process.env.CNI_COMMAND !== 'VERSION' || !process.stdin.isTTY) {
    for await (const c of process.stdin) chunks.push(c as Buffer);
  }
  const out = await runPlugin(process.env, Buffer.concat(chunks).toString('utf8'));
  if (out.stdout) process.stdout.write(out.stdout + '\n');
  process.exitCode = out.exitCode;
}
