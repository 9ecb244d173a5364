import { manifestCommand } from './_render-command.js';

export default manifestCommand(
  'control-plane',
  'Render a ControlPlane CR into Kubernetes manifests',
  "Prints the cluster agent Deployment (meshbridge agent --management-plane host:port --cluster NAME) with its RBAC, and the CNI installer DaemonSet with its RBAC when spec.components.istio.kubeSpec.CNI is set. Create the agent's Secrets first with `tctl install manifest control-plane-secrets`.",
  ['tctl install manifest control-plane -f cp.yaml | kubectl apply -f -'],
);
