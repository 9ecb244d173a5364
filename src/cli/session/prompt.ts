import type { Readable } from 'node:stream';
import type { Io } from '../../command/index.js';

type TtyIn = Readable & { isTTY?: boolean; setRawMode?: (on: boolean) => unknown };

/**
 * Asks questions on stdout and reads answers from stdin one line at a time, so piped answers
 * (`printf 'tetrate\n\nadmin\npw\n' | tctl login`) work; on a terminal a hidden answer is read
 * in raw mode without echo.
 */
export class Prompter {
  private buf = '';
  private ended = false;
  private waiters: (() => void)[] = [];
  private attached = false;

  constructor(private readonly io: Io) {}

  /** Writes `label` and resolves with the answer line, or undefined when stdin has ended. */
  async ask(label: string, hidden = false): Promise<string | undefined> {
    this.io.stdout.write(`${label} `);
    const stdin = this.io.stdin as TtyIn;
    if (hidden && stdin.isTTY && stdin.setRawMode) return this.readHidden(stdin);
    return this.readLine();
  }

  /** Stops reading stdin so the process can exit. */
  close(): void {
    this.io.stdin.pause();
    this.io.stdin.removeAllListeners('data');
    this.io.stdin.removeAllListeners('end');
  }

  private attach(): void {
    if (this.attached) return;
    this.attached = true;
    this.io.stdin.setEncoding('utf8');
    this.io.stdin.on('data', (c: string) => {
      this.buf += c;
      this.wake();
    });
    this.io.stdin.on('end', () => {
      this.ended = true;
      this.wake();
    });
    this.io.stdin.resume();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  private async readLine(): Promise<string | undefined> {
    this.attach();
    for (;;) {
      const nl = this.buf.indexOf('\n');
      if (nl >= 0) {
        const line = this.buf.slice(0, nl).replace(/\r$/, '');
        this.buf = this.buf.slice(nl + 1);
        if (!(this.io.stdin as TtyIn).isTTY) this.io.stdout.write('\n');
        return line;
      }
      if (this.ended) {
        if (!(this.io.stdin as TtyIn).isTTY) this.io.stdout.write('\n');
        if (this.buf === '') return undefined;
        const line = this.buf;
        this.buf = '';
        return line;
      }
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  private async readHidden(stdin: TtyIn): Promise<string | undefined> {
    this.attach();
    stdin.setRawMode?.(true);
    try {
      let out = '';
      for (;;) {
        while (this.buf.length) {
          const ch = this.buf[0];
          this.buf = this.buf.slice(1);
          if (ch === '\r' || ch === '\n') {
            this.io.stdout.write('\n');
            return out;
          }
          if (ch === '\u0003') throw new Error('interrupted');
          if (ch === '\u0004') return out === '' ? undefined : out;
          if (ch === '\u007f' || ch === '\b') out = out.slice(0, -1);
          else out += ch;
        }
        if (this.ended) return out === '' ? undefined : out;
        await new Promise<void>((r) => this.waiters.push(r));
      }
    } finally {
      stdin.setRawMode?.(false);
    }
  }
}
