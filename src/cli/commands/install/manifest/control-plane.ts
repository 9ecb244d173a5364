import { manifestCommand } from './_render-command.js';

export default manifestCommand(
  'control-plane',
  'Render a ControlPlane CR into Kubernetes manifests',
  "Prints the cluster agent Deployment (meshbridge agent --management-plane host:port --cluster NAME) with its RBAC, and the CNI installer DaemonSet with its RBAC when spec.components.istio.kubeSpec.CNI is set. Create the agent's Secrets first with `tctl install manifest control-plane-secrets`. With --ext-authz URI (repeatable) and --istiod-values FILE it also writes the istiod Helm values declaring the mesh-config extension providers that external authorization in SecuritySettings and gateways names (meshbridge does not install istiod).",
  [
    'tctl install manifest control-plane -f cp.yaml | kubectl apply -f -',
    'tctl install manifest control-plane -f cp.yaml --ext-authz grpc://authz.authz.svc.cluster.local:9000 --istiod-values istiod-values.yaml | kubectl apply -f -',
  ],
);
