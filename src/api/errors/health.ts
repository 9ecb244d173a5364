import type { ErrorDef } from './error-def.js';

// Sidecar health (issue #13): MB15xx management plane, MB25xx tctl x health / x doctor, MB35xx agent prober.
export const HealthErrors = {
  HealthNotReported: {
    code: 'MB1500',
    name: 'HealthNotReported',
    status: 404,
    title: 'No sidecar health reported for this cluster yet',
    fix: "The cluster's agent has not connected since the server started, or its inventory lists no pods: check `tctl status cluster NAME` and that the agent's inventory (file: `pods:` entries; kubernetes: pods with an istio-proxy container) lists pods.",
  },
  HealthSweepUnavailable: {
    code: 'MB1501',
    name: 'HealthSweepUnavailable',
    status: 503,
    title: 'No connected agent to sweep the cluster now',
    fix: "Start or reconnect the cluster's agent (`meshbridge agent --cluster NAME …`); the last reported results are still served without ?sweep=true.",
  },
  HealthTargetInvalid: {
    code: 'MB2500',
    name: 'HealthTargetInvalid',
    status: 400,
    title: 'Not a sidecar URL or pod name',
    fix: 'Give a URL (`tctl x health http://127.0.0.1:15021/healthz/ready`), a pod (`tctl x health web-0.shop` or `web-0 -n shop`), or --cluster NAME / --all for the fleet.',
  },
  HealthPortForwardFailed: {
    code: 'MB2501',
    name: 'HealthPortForwardFailed',
    status: 503,
    title: 'Cannot port-forward to the pod through the Kubernetes API',
    fix: 'Check `kubectl get pod POD -n NS` works with the same --kubeconfig/--context, and that you may create pods/portforward in that namespace.',
  },
  HealthKubeconfigInvalid: {
    code: 'MB2502',
    name: 'HealthKubeconfigInvalid',
    status: 400,
    title: 'Kubeconfig or context not usable',
    fix: 'Point --kubeconfig (or KUBECONFIG) at a readable kubeconfig and give a --context it defines (`kubectl config get-contexts`).',
  },
  HealthFlagsConflict: {
    code: 'MB2503',
    name: 'HealthFlagsConflict',
    status: 400,
    title: 'Conflicting health flags',
    fix: 'Use one target: a URL, a POD, --cluster NAME, or --all; --app, --explain, -v and --kubeconfig apply to one sidecar only.',
  },
  HealthInventoryPodInvalid: {
    code: 'MB3500',
    name: 'HealthInventoryPodInvalid',
    status: 400,
    title: 'Invalid pod in the agent inventory',
    fix: "Each entry of the inventory's `pods:` needs namespace, name and ip (an IPv4 or IPv6 address), e.g. `- {namespace: shop, name: web-0, ip: 10.0.0.7}`.",
  },
  HealthProberOptionInvalid: {
    code: 'MB3501',
    name: 'HealthProberOptionInvalid',
    status: 400,
    title: 'Invalid sidecar prober option',
    fix: 'Use --health-interval as a duration of at least 1s (e.g. 30s, 2m; 0 disables periodic sweeps), --health-concurrency between 1 and 1024 and --health-timeout between 100ms and 30s.',
  },
} as const satisfies Record<string, ErrorDef>;
