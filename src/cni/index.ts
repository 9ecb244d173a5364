// Public surface of src/cni: the plugin's entry, the pure rule builder and the installer.
export { pluginMain } from './plugin/main.js';
export { runPlugin, type PluginDeps, type PluginOutcome } from './plugin/run-plugin.js';
export { PLUGIN_TYPE, SUPPORTED_VERSIONS, POD_ANNOTATIONS_CAPABILITY } from './plugin/cni-spec.js';
export { buildRules, renderFreshRestore, ISTIO_CHAINS, type RuleSet } from './iptables/rule-builder.js';
export { redirectParams, Annotations, type RedirectParams } from './iptables/redirect-params.js';
export { CniFault, CNI_ERROR_CODES, type CniErrorName, type CniErrorTexts } from './cni-fault.js';
export { Installer, KUBECONFIG_NAME, type InstallerOptions } from './installer/installer.js';
export { ChainWatcher, type WatcherOptions } from './installer/chain-watcher.js';
export { startReadyServer } from './installer/ready-server.js';
export { BinNames, renderLauncher } from './installer/plugin-binary.js';
export type { ChainState, ErrorSummary, InstallerLog } from './installer/chain-state.js';
export {
  selectPrimary,
  validateConf,
  insertEntry,
  removeEntry,
  isChained,
  normalizeConf,
  jsonEqual,
  renderConf,
  type JsonObject,
  type ConfFile,
} from './installer/cni-conf.js';
export { renderKubeconfig, apiServerUrl } from './installer/kubeconfig.js';
export { inspectChain, type ChainReport } from './installer/chain-report.js';
export { verifyPluginBinary } from './installer/plugin-binary.js';
export { readConfDir } from './installer/fs-atomic.js';
