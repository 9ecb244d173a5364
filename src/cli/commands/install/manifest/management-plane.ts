import { manifestCommand } from './_render-command.js';

export default manifestCommand(
  'management-plane',
  'Render a ManagementPlane CR into Kubernetes manifests',
  'Prints the meshbridge server Deployment, the front Service `envoy` (API and UI on 8443, agents on 9443), its ConfigMap, ServiceAccount, PodDisruptionBudget, HPA (when hpaSpec is set) and the data store (external PostgreSQL, or demo mode with an in-cluster PostgreSQL StatefulSet). TSB fields meshbridge has no counterpart for are reported on stderr and ignored.',
  ['tctl install manifest management-plane -f mp.yaml | kubectl apply -f -', 'tctl install manifest management-plane -f mp.yaml -o json'],
);
