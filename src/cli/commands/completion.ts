import { KINDS } from '../../api/index.js';
import { BINDING_KINDS, GENERIC_BINDINGS } from '../session/bindings.js';
import { SCOPE_OPTIONS } from '../session/scope.js';
import { UsageError, type Route } from '../../command/index.js';
import { defineCommand } from '../tctl-command.js';

/** The command tree as "parent words → next words", from the route table the framework injects. */
function tree(routes: readonly Route[]): Map<string, Set<string>> {
  const next = new Map<string, Set<string>>();
  for (const r of routes.filter((x) => !x.hidden)) {
    for (let i = 0; i < r.path.length; i++) {
      const key = r.path.slice(0, i).join(' ');
      if (!next.has(key)) next.set(key, new Set());
      next.get(key)?.add(r.path[i]);
    }
  }
  return next;
}

const KIND_WORDS = [
  ...new Set(
    [...KINDS, ...BINDING_KINDS, GENERIC_BINDINGS].flatMap((k) => [...k.short, k.collection === 'accessbindings' ? k.kind.toLowerCase() : k.collection]),
  ),
]
  .sort()
  .join(' ');
const KIND_COMMANDS = ['get', 'delete', 'edit', 'status'];

// Flags whose next word is a value, not a command word; the scope ones are passed on to
// `tctl __complete names` so names come from the scope the command line names.
const VALUE_FLAGS = ['-c', '--config', '-p', '--profile', '--org', '--tenant', '-o', '--output-type', '-f', '--file'];
const SCOPE_FLAGS = ['-c', '--config', '-p', '--profile', '--org', '--tenant', ...Object.entries(SCOPE_OPTIONS).flatMap(([n, o]) => [`--${n}`, `-${o.short}`])];

function bash(next: Map<string, Set<string>>): string {
  const cases = [...next.entries()].map(([k, v]) => `    "${k}") words="${[...v].sort().join(' ')}" ;;`).join('\n');
  return `# tctl bash completion: source <(tctl completion bash)
_tctl() {
  local cur prev path words i w kind
  local -a scope
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  case "$prev" in
    -f|--file) COMPREPLY=( $(compgen -f -- "$cur") ); return ;;
    -p|--profile) COMPREPLY=( $(compgen -W "$("\${COMP_WORDS[0]}" __complete profiles 2>/dev/null)" -- "$cur") ); return ;;
  esac
  path=""
  scope=()
  for ((i=1; i<COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    case " ${SCOPE_FLAGS.join(' ')} " in *" $w "*) scope+=("$w" "\${COMP_WORDS[i+1]}") ;; esac
    case " ${[...new Set([...VALUE_FLAGS, ...SCOPE_FLAGS])].join(' ')} " in *" $w "*) ((i++)); continue ;; esac
    case "$w" in -*) ;; *) path="\${path:+\$path }$w" ;; esac
  done
  case "$path" in
${cases}
${KIND_COMMANDS.map((c) => `    "${c}") words="${KIND_WORDS}${c === 'get' ? ' all' : ''}" ;;`).join('\n')}
    ${KIND_COMMANDS.map((c) => `"${c} "*`).join('|')})
      kind="\${path#* }"; kind="\${kind%% *}"
      words="$("\${COMP_WORDS[0]}" __complete names "$kind" "\${scope[@]}" 2>/dev/null)" ;;
    *) words="" ;;
  esac
  COMPREPLY=( $(compgen -W "$words" -- "$cur") )
}
complete -F _tctl tctl
`;
}

function zsh(next: Map<string, Set<string>>): string {
  return `#compdef tctl
# tctl zsh completion: source <(tctl completion zsh)
autoload -U bashcompinit && bashcompinit
${bash(next).split('\n').slice(1).join('\n')}`;
}

/** tctl completion */
export default defineCommand({
  summary: 'Print a shell completion script',
  usage: 'bash|zsh',
  examples: ['source <(tctl completion bash)', 'tctl completion zsh > "${fpath[1]}/_tctl"'],
  async run(ctx) {
    const shell = ctx.positionals[0];
    if (shell !== 'bash' && shell !== 'zsh') throw new UsageError(`expected bash or zsh, got ${shell === undefined ? 'nothing' : `"${shell}"`}`);
    const next = tree(ctx.routes);
    ctx.io.stdout.write(shell === 'bash' ? bash(next) : zsh(next));
  },
});
