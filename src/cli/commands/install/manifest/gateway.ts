import { manifestCommand } from './_render-command.js';

export default manifestCommand(
  'gateway',
  'Render IngressGateway, EgressGateway or Tier1Gateway CRs into Kubernetes manifests',
  'Prints, per gateway, an Envoy (Istio proxyv2) Deployment with its Service (15021 status, 80→8080, 443→8443, 15443 for tier1 and east-west), ServiceAccount, Role/RoleBinding, HPA and PodDisruptionBudget. `spec: {}` renders a working default.',
  ['tctl install manifest gateway -f ig.yaml | kubectl apply -f -', 'tctl install manifest gateway -f gateways/'],
);
