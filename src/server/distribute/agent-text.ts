/** The most characters of agent-reported text kept in a status message (per object). */
export const MAX_AGENT_TEXT = 512;

// C0/C1 controls (ANSI escapes, NUL, CR that rewrites a terminal line), bidi overrides and
// isolates (text that reads differently than it is stored), and the BOM.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text an agent reported (NACK messages, object keys), made safe to show in a resource status:
 * control and bidi characters become spaces, lone surrogates become U+FFFD, and it is cut to `max`
 * characters with an ellipsis. An agent is a cluster's identity, not a trusted author: what it
 * says lands in other tenants' statuses, terminals and web pages, so it is shown as plain text.
 */
export function agentText(raw: string, max: number = MAX_AGENT_TEXT): string {
  const clean = raw.replace(LONE_SURROGATE, '\ufffd').replace(UNSAFE, ' ');
  const chars = [...clean];
  return chars.length <= max ? clean : `${chars.slice(0, max - 1).join('')}…`;
}
