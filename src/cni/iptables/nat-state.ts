import type { RuleSet } from './rule-builder.js';
import { ISTIO_CHAINS } from './rule-builder.js';

/** The nat table as `iptables-save -t nat` prints it: chain names and `-A` rules in order. */
export interface NatState {
  readonly chains: readonly string[];
  readonly rules: readonly string[];
}

const BUILTIN = new Set(['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING']);
const OURS = new Set<string>(ISTIO_CHAINS);

/** Parses iptables-save output, keeping only the nat table (comments and counters dropped). */
export function parseNatSave(text: string): NatState {
  const chains: string[] = [];
  const rules: string[] = [];
  let inNat = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('*')) inNat = line === '*nat';
    else if (!inNat || line === '' || line.startsWith('#')) continue;
    else if (line === 'COMMIT') inNat = false;
    else if (line.startsWith(':')) chains.push(line.slice(1).split(/\s+/)[0]);
    else if (line.startsWith('-A ')) rules.push(line.replace(/^\[\d+:\d+\]\s*/, ''));
  }
  return { chains, rules };
}

function chainOf(rule: string): string {
  return rule.split(/\s+/)[1] ?? '';
}

function targetOf(rule: string): string | undefined {
  const m = /\s-j\s+(\S+)/.exec(rule);
  return m?.[1];
}

/** Rules of ours: every rule inside an ISTIO_* chain and every built-in-chain jump into one. */
export function ourRules(state: NatState): string[] {
  return state.rules.filter((r) => OURS.has(chainOf(r)) || (BUILTIN.has(chainOf(r)) && OURS.has(targetOf(r) ?? '')));
}

/** Whether the namespace has anything of ours (chains or jumps). */
export function hasCapture(state: NatState): boolean {
  return state.chains.some((c) => OURS.has(c)) || ourRules(state).length > 0;
}

/**
 * Differences between what the kernel has and the rule set, per chain and in order; empty when the
 * namespace is exactly as ADD leaves it. Rules of other owners in built-in chains are ignored.
 */
export function diffCapture(state: NatState, expected: RuleSet): string[] {
  const problems: string[] = [];
  for (const c of expected.chains) if (!state.chains.includes(c)) problems.push(`chain ${c} is missing`);
  const actual = ourRules(state);
  for (const chain of new Set([...expected.rules.map(chainOf), ...actual.map(chainOf)])) {
    const want = expected.rules.filter((r) => chainOf(r) === chain);
    const got = actual.filter((r) => chainOf(r) === chain);
    if (want.join('\n') === got.join('\n')) continue;
    const missing = want.filter((r) => !got.includes(r));
    const extra = got.filter((r) => !want.includes(r));
    if (missing.length === 0 && extra.length === 0) problems.push(`chain ${chain}: rules are out of order or duplicated`);
    for (const r of missing) problems.push(`missing: ${r}`);
    for (const r of extra) problems.push(`unexpected: ${r}`);
  }
  return problems;
}

/**
 * iptables-restore input that replaces whatever of ours is there with the rule set, in one commit:
 * existing jumps are deleted, existing chains flushed (`:CHAIN - [0:0]` flushes under --noflush),
 * missing chains created.
 */
export function renderReconcileRestore(state: NatState, set: RuleSet): string {
  const lines = ['*nat'];
  for (const c of set.chains) lines.push(state.chains.includes(c) ? `:${c} - [0:0]` : `-N ${c}`);
  for (const r of ourRules(state)) if (BUILTIN.has(chainOf(r))) lines.push(r.replace(/^-A /, '-D '));
  lines.push(...set.rules, 'COMMIT', '');
  return lines.join('\n');
}

/** iptables-restore input that removes exactly our jumps and chains; undefined when there is nothing to remove. */
export function renderRemoveRestore(state: NatState): string | undefined {
  if (!hasCapture(state)) return undefined;
  const present = ISTIO_CHAINS.filter((c) => state.chains.includes(c));
  const lines = ['*nat'];
  for (const r of ourRules(state)) if (BUILTIN.has(chainOf(r))) lines.push(r.replace(/^-A /, '-D '));
  // A chain must be empty and unreferenced before -X: flush all first, then delete.
  for (const c of present) lines.push(`:${c} - [0:0]`);
  for (const c of present) lines.push(`-X ${c}`);
  lines.push('COMMIT', '');
  return lines.join('\n');
}
